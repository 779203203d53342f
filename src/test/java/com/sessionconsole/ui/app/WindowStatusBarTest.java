package com.sessionconsole.ui.app;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status bar's counts and the tasks tab's title keep following the model long after the window opened:
 * after further refreshes, selections and filters, and after garbage collections (JavaFX holds listeners weakly).
 */
class WindowStatusBarTest extends WindowTestSupport {

    @Test
    void theCountsFollowRefreshesSelectionsAndFilters() throws Exception {
        Victim a = work.idle(SHARD_A1);
        Victim b = work.idle(SHARD_A2);
        refresh(); // the window opened before the victims: the counts change after the first refresh
        collectGarbage();
        countsShow(countsOfTheModel());

        clickRow(SHARD_A1, a.threadId(), false);
        countsShow(countsOfTheModel());
        clickRow(SHARD_A2, b.threadId(), true);
        assertThat(countsShow(countsOfTheModel())).endsWith("  ·  2 selected");

        robot.clickOn("#quickFilter").write("no such session");
        assertThat(countsShow(countsOfTheModel())).contains("  ·  0 shown  ·  0 selected");

        fx(() -> {
            window.sessions().quickFilterProperty().set("");
            return null;
        });
        b.close();
        refresh();
        collectGarbage();
        countsShow(countsOfTheModel());
    }

    @Test
    void theTasksTabCountsTheKillTasks() throws Exception {
        Victim victim = work.idle(SHARD_A1);
        collectGarbage();
        assertThat(tasksTab()).isEqualTo("Kill tasks (0)");

        service.kill(new KillRequest(INSTANCE_A, SHARD_A1, null, List.of(victim.threadId()), KillMode.CONNECTION, Map.of()),
                OPERATOR);
        refresh();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.history().tasks().size()) == 1);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(tasksTab()).isEqualTo("Kill tasks (1)");
    }

    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    /** What the status bar should say, from the view model's own lists. */
    private String countsOfTheModel() throws Exception {
        return fx(() -> {
            SessionsViewModel sessions = window.sessions();
            return sessions.allRows().size() + " sessions  ·  " + sessions.shownRows().size() + " shown  ·  "
                    + sessions.selected().size() + " selected";
        });
    }

    private String countsShow(String expected) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        String shown = fx(() -> robot.lookup(".status-counts").queryLabeled().getText());
        assertThat(shown).isEqualTo(expected);
        return shown;
    }

    private String tasksTab() throws Exception {
        return fx(() -> robot.lookup(".lower-tabs .tab-label").queryAllAs(javafx.scene.control.Labeled.class).stream()
                .map(javafx.scene.control.Labeled::getText).filter(t -> t.startsWith("Kill tasks")).findFirst().orElseThrow());
    }
}
