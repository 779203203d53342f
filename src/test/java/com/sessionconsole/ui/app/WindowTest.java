package com.sessionconsole.ui.app;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.ui.sessions.SessionKey;
import com.sessionconsole.ui.sessions.SessionRow;
import com.sessionconsole.ui.tree.FleetNode;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.INSTANCE_B;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;

/** The window's main paths, driven as the operator would. */
class WindowTest extends WindowTestSupport {

    @Test
    void theTreeShowsInstancesAndShardsAndTheVictimsAppear() throws Exception {
        Victim idle = work.idle(SHARD_A2);
        Victim sleeper = work.sleeping(SHARD_B1, 60);
        refresh();

        List<String> cells = fx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getItem() != null).map(c -> ((FleetNode) c.getItem()).id()).toList());
        assertThat(cells).contains("fleet", INSTANCE_A, INSTANCE_B, INSTANCE_A + "/" + SHARD_A1,
                INSTANCE_A + "/" + SHARD_A2, INSTANCE_B + "/" + SHARD_B1);
        assertThat(shown(SHARD_A2, idle.threadId())).isPresent();
        assertThat(shown(SHARD_B1, sleeper.threadId())).hasValueSatisfying(row ->
                assertThat(row.statementLine()).isEqualTo("SELECT SLEEP(60)"));
    }

    @Test
    void theQuickFilterNarrowsTheTable() throws Exception {
        Victim sleeper = work.sleeping(SHARD_A1, 61);
        work.idle(SHARD_A1);
        Await.until("the statement to run", () -> find(SHARD_A1, sleeper.threadId())
                .map(s -> s.statement() != null).orElse(false));
        refresh();
        int before = fx(() -> window.sessions().shownRows().size());

        robot.clickOn("#quickFilter").write("sleep(61");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> window.sessions().shownRows().size()) == 1);
        assertThat(before).isGreaterThan(1);
        assertThat(shown(SHARD_A1, sleeper.threadId())).isPresent();
    }

    @Test
    void killConnectionOverTwoShardsKillsBothAndRecordsTasks() throws Exception {
        Victim first = work.idle(SHARD_A1);
        Victim second = work.sleeping(SHARD_B1, 120);
        refresh();

        clickRow(SHARD_A1, first.threadId(), false);
        clickRow(SHARD_B1, second.threadId(), true);
        robot.clickOn("Kill connection");
        robot.clickOn("#confirmKill");

        Await.until("both sessions to leave their servers",
                () -> !serverShows(SHARD_A1, first.threadId()) && !serverShows(SHARD_B1, second.threadId()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown(SHARD_A1, first.threadId()).isEmpty()
                && shown(SHARD_B1, second.threadId()).isEmpty() && fx(() -> window.history().tasks().size()) == 2);
        assertThat(fx(() -> window.history().tasks().stream().map(t -> t.shardId()).toList()))
                .containsExactlyInAnyOrder(SHARD_A1, SHARD_B1);
    }

    @Test
    void cancelKillsNothing() throws Exception {
        Victim idle = work.idle(SHARD_A2);
        refresh();

        clickRow(SHARD_A2, idle.threadId(), false);
        robot.type(KeyCode.DELETE);
        robot.clickOn("#cancelKill");

        assertThat(idle.connectionAlive()).isTrue();
        assertThat(service.tasks()).isEmpty();
        assertThat(shown(SHARD_A2, idle.threadId())).isPresent();
    }

    @Test
    void killQueryEndsTheStatementAndKeepsTheConnection() throws Exception {
        Victim sleeper = work.sleeping(SHARD_A2, 120);
        Await.until("the statement to run", () -> find(SHARD_A2, sleeper.threadId())
                .map(s -> s.statement() != null).orElse(false));
        refresh();

        clickRow(SHARD_A2, sleeper.threadId(), false);
        robot.clickOn("Kill query");
        robot.clickOn("#confirmKill");

        sleeper.running().handle((ok, error) -> null).get(10, TimeUnit.SECONDS);
        assertThat(sleeper.connectionAlive()).isTrue();
        assertThat(serverShows(SHARD_A2, sleeper.threadId())).isTrue();
    }

    @Test
    void aProtectedSessionIsNamedInTheDialogAndSurvives() throws Exception {
        Victim idle = work.idle(SHARD_A1);
        refresh();
        SessionRow own = fx(() -> window.sessions().shownRows().stream()
                .filter(r -> r.session().shard().shardId().equals(SHARD_A1) && r.session().ownConnection())
                .findFirst().orElseThrow());

        clickRow(SHARD_A1, idle.threadId(), false);
        clickRow(SHARD_A1, own.session().id(), true);
        robot.clickOn("Kill connection");
        String skipped = fx(() -> robot.lookup(".kill-skipped").queryLabeled().getText());
        assertThat(skipped).contains("session " + own.session().id()).contains("protected");
        assertThat(fx(() -> robot.lookup(".kill-mode").queryLabeled().getText()))
                .isEqualTo("Kill connection: " + KillMode.CONNECTION.consequence());
        robot.clickOn("#confirmKill");

        Await.until("the victim to go", () -> !serverShows(SHARD_A1, idle.threadId()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.history().tasks().size()) == 1);
        assertThat(fx(() -> window.history().tasks().get(0).count(com.sessionconsole.fleet.Outcome.PROTECTED))).isEqualTo(1);
        assertThat(serverShows(SHARD_A1, own.session().id())).isTrue();
    }

    @Test
    void aStoppedShardShowsItsErrorWhileTheOthersList() throws Exception {
        Victim other = work.idle(SHARD_A1);
        try {
            fleet.shard(SHARD_B1).server().stop();
            refresh();

            FleetNode shard = fx(() -> window.tree().rootProperty().get().children().stream()
                    .flatMap(i -> i.children().stream()).filter(n -> n.name().equals(SHARD_B1)).findFirst().orElseThrow());
            assertThat(shard.failed()).isTrue();
            assertThat(fx(() -> robot.lookup(".tree-cell.node-error .node-title").queryAllAs(javafx.scene.control.Label.class)
                    .stream().anyMatch(title -> title.getText().contains(SHARD_B1)))).isTrue();
            assertThat(fx(() -> window.console().shardErrorsProperty().get())).isEqualTo("1 shard in error");
            assertThat(fx(() -> window.console().problemProperty().get())).contains(SHARD_B1);
            assertThat(shown(SHARD_A1, other.threadId())).isPresent();
        } finally {
            fleet.shard(SHARD_B1).server().restart();
        }
        refresh();
        assertThat(fx(() -> window.console().shardErrorsProperty().get())).isEqualTo("All shards answered");
    }

    @Test
    void theSelectionSurvivesARefresh() throws Exception {
        Victim a = work.idle(SHARD_A1);
        Victim b = work.idle(SHARD_A2);
        Victim gone = work.idle(SHARD_B1);
        refresh();

        clickRow(SHARD_A1, a.threadId(), false);
        clickRow(SHARD_A2, b.threadId(), true);
        clickRow(SHARD_B1, gone.threadId(), true);
        gone.close();
        Await.until("the closed session to leave", () -> !serverShows(SHARD_B1, gone.threadId()));
        refresh();

        assertThat(fx(() -> window.sessions().selected().stream().map(SessionRow::key).toList())).containsExactlyInAnyOrder(
                new SessionKey(INSTANCE_A + "/" + SHARD_A1, a.threadId()), new SessionKey(INSTANCE_A + "/" + SHARD_A2, b.threadId()));
    }

    @Test
    void aKillFromElsewhereShowsInTheHistoryAtTheNextRefreshAndTheChosenTaskStaysSelected() throws Exception {
        Victim first = work.idle(SHARD_A1);
        Victim second = work.idle(SHARD_A2);
        // As the command line or the API would: through the service, not through the window.
        KillTask one = service.kill(new KillRequest(INSTANCE_A, SHARD_A1, null, List.of(first.threadId()),
                KillMode.CONNECTION, Map.of()), OPERATOR);
        refresh();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.history().tasks().size()) == 1);
        TableView<KillTask> table = fx(() -> robot.lookup(".tasks-table").queryTableView());
        fx(() -> {
            table.getSelectionModel().select(0);
            return null;
        });

        service.kill(new KillRequest(INSTANCE_A, SHARD_A2, null, List.of(second.threadId()), KillMode.CONNECTION, Map.of()),
                OPERATOR);
        refresh();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.history().tasks().size()) == 2);

        assertThat(fx(() -> table.getSelectionModel().getSelectedItem().taskId())).isEqualTo(one.taskId());
        assertThat(fx(() -> window.history().chosenProperty().get().taskId())).isEqualTo(one.taskId());
    }
}
