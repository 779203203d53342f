package com.sessionconsole.ui.app;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.killsession.rules.GroupBy;
import com.sessionconsole.killsession.rules.Groups;
import com.sessionconsole.killsession.rules.RulesFile;
import com.sessionconsole.testfleet.Accounts;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.ui.sessions.SessionKey;
import javafx.scene.control.Button;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules and groups pane, driven from the keyboard and the mouse as an operator would. */
class WindowRulesTest extends WindowTestSupport {

    private Victim reporter(String shard) throws Exception {
        return work.running(shard, Accounts.connect(fleet, shard, "report", "app"), "SELECT SLEEP(120)");
    }

    @Test
    void aRuleTypedFromTheKeyboardLightsUpItsMatchesCountsThemPerShardAndSaves() throws Exception {
        Victim a1 = reporter(SHARD_A1);
        Victim b1 = reporter(SHARD_B1);
        work.idle(SHARD_A2);
        Await.until("the statements to run", () -> find(SHARD_B1, b1.threadId()).isPresent());
        refresh();

        robot.press(KeyCode.CONTROL).press(KeyCode.R).release(KeyCode.R).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup("#users").queryAs(TextField.class).isFocused())).isTrue();
        robot.write("report");
        collectGarbage();

        Set<SessionKey> expected = Set.of(new SessionKey(fleet.shard(SHARD_A1).instanceId() + "/" + SHARD_A1,
                a1.threadId()), new SessionKey(fleet.shard(SHARD_B1).instanceId() + "/" + SHARD_B1, b1.threadId()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.sessions().ruleMatchesProperty().get())
                .equals(expected));
        assertThat(fx(() -> robot.lookup("#kill").queryAs(Button.class).getText())).isEqualTo("Kill 2 matches");
        assertThat(fx(() -> robot.lookup(".rule-summary").queryLabeled().getText()))
                .startsWith("2 to kill on 2 of the 3 shards").contains(SHARD_A1 + " 1", SHARD_B1 + " 1");
        assertThat(fx(() -> robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("rule-match")))
                .count())).isEqualTo(2);

        robot.clickOn("#busyTime").write("5m");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.sessions().ruleMatchesProperty().get())
                .isEmpty());
        robot.doubleClickOn("#busyTime").eraseText(2).write("abc");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup(".rule-summary").queryLabeled().getText()))
                .startsWith("Busy time: 'abc' is not a time");

        robot.doubleClickOn("#busyTime").eraseText(3);
        robot.clickOn("#name").write("reports");
        robot.press(KeyCode.ALT).press(KeyCode.S).release(KeyCode.S).release(KeyCode.ALT);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.rules().savedNames().contains("reports")));
        assertThat(RulesFile.load(RulesFile.beside(dataDir.resolve("inventory.yaml"))).names()).containsExactly("reports");
        assertThat(Files.readString(dataDir.resolve("rules.yaml"))).contains("user: [\"report\"]");
    }

    @Test
    void killMatchesConfirmsWithCancelAsDefaultThenKillsAndAuditsTheRule() throws Exception {
        Victim a2 = reporter(SHARD_A2);
        Victim b1 = reporter(SHARD_B1);
        Victim app = work.running(SHARD_A2, "SELECT SLEEP(121)");
        Await.until("the statements to run", () -> find(SHARD_B1, b1.threadId()).isPresent());
        refresh();
        fx(() -> {
            window.console().lowerTabProperty().set("rulesTab");
            return null;
        });
        robot.clickOn("#name").write("reports");
        robot.clickOn("#users").write("report");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.sessions().ruleMatchesProperty().get()
                .size() == 2));

        robot.clickOn("#kill");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> fx(() -> robot.lookup("#confirmKill").tryQuery()
                .isPresent()));
        assertThat(fx(() -> robot.lookup(".dialog-pane .header-panel .label").queryLabeled().getText()))
                .isEqualTo("Kill what rule reports matched? (read live just now)");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER); // Enter is Cancel
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> robot.lookup("#confirmKill").tryQuery().isEmpty()));
        assertThat(serverShows(SHARD_A2, a2.threadId())).isTrue();

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.K).release(KeyCode.K, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> fx(() -> robot.lookup("#confirmKill").tryQuery()
                .isPresent()));
        robot.clickOn("#confirmKill");

        Await.until("both matches to leave their servers", () -> !serverShows(SHARD_A2, a2.threadId())
                && !serverShows(SHARD_B1, b1.threadId()));
        assertThat(serverShows(SHARD_A2, app.threadId())).isTrue();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.history().tasks().size()) == 2);
        assertThat(service.tasks()).extracting(t -> t.actor())
                .containsOnly("window:" + System.getProperty("user.name") + " rule:reports");
    }

    @Test
    void aGroupBecomesARuleAndAWatchShowsInTheStatusBarUntilStopped() throws Exception {
        Victim first = reporter(SHARD_A1);
        Await.until("the statement to run", () -> find(SHARD_A1, first.threadId()).isPresent());
        refresh();
        fx(() -> {
            window.console().lowerTabProperty().set("rulesTab");
            window.groups().groupByProperty().set(GroupBy.USER);
            return null;
        });
        robot.press(KeyCode.CONTROL).press(KeyCode.G).release(KeyCode.G).release(KeyCode.CONTROL);
        @SuppressWarnings("unchecked")
        TableView<Groups.Group> groups = fx(() -> robot.lookup(".groups-table").queryAs(TableView.class));
        int row = fx(() -> {
            for (int i = 0; i < groups.getItems().size(); i++) {
                if (groups.getItems().get(i).key().equals("report")) {
                    return i;
                }
            }
            throw new AssertionError("no report group");
        });
        fx(() -> {
            groups.requestFocus();
            groups.getSelectionModel().select(row);
            return null;
        });
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> robot.lookup("#users").queryAs(TextField.class)
                .getText()).equals("report"));
        assertThat(fx(() -> window.sessions().ruleMatchesProperty().get())).hasSize(1);

        robot.doubleClickOn("#interval").write("0.5");
        robot.press(KeyCode.ALT).press(KeyCode.W).release(KeyCode.W).release(KeyCode.ALT);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> fx(() -> robot.lookup("#confirmKill").tryQuery()
                .isPresent()));
        assertThat(fx(() -> robot.lookup("#confirmKill").queryAs(Button.class).getText())).isEqualTo("Start watch");
        robot.clickOn("#confirmKill");

        Await.until("the first match to go", () -> !serverShows(SHARD_A1, first.threadId()));
        Victim late = reporter(SHARD_B1);
        Await.until("the watch to kill a session that came later", () -> !serverShows(SHARD_B1, late.threadId()));
        collectGarbage();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> robot.lookup(".status-watch").queryLabeled()
                .getText()).matches("Watch ad-hoc: round \\d+ {2}· {2}2 killed.*"));
        assertThat(fx(() -> robot.lookup("Stop watch").queryButton().isVisible())).isTrue();

        robot.clickOn("Stop watch");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !fx(() -> window.watch().runningProperty().get()));
        assertThat(fx(() -> robot.lookup(".status-watch").queryLabeled().getText()))
                .startsWith("Watch ad-hoc stopped: ").contains("2 killed");
    }

    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
