package com.sessionconsole.ui.app;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.ui.locks.LockRow;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static org.assertj.core.api.Assertions.assertThat;

/** The lock chains tab of the real window: the trees, and "Kill root blockers" through the confirmation. */
class WindowLocksTest extends WindowTestSupport {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    @Test
    void theChainsShowAsTreesAndKillingTheRootFreesTheChain() throws Exception {
        // A row-lock chain of depth 3 on one shard, a metadata-lock chain on another.
        String rows = work.table(SHARD_A1, "window_rows", 5);
        Victim root = work.transaction(SHARD_A1, false, "UPDATE " + rows + " SET balance = 1 WHERE id = 1");
        root.running().get(10, TimeUnit.SECONDS);
        Victim middle = work.transaction(SHARD_A1, true, "UPDATE " + rows + " SET balance = 2 WHERE id = 2",
                "UPDATE " + rows + " SET balance = 2 WHERE id = 1");
        Await.until("the middle link to wait", LOCK_WAIT, () -> find(SHARD_A1, middle.threadId())
                .map(Session::waitingForLock).orElse(false));
        Victim last = work.transaction(SHARD_A1, true, "UPDATE " + rows + " SET balance = 3 WHERE id = 2");
        String meta = work.table(SHARD_A2, "window_meta", 5);
        Victim reader = work.transaction(SHARD_A2, false, "SELECT COUNT(*) FROM " + meta);
        reader.running().get(10, TimeUnit.SECONDS);
        Victim alter = work.running(SHARD_A2, "ALTER TABLE " + meta + " ADD COLUMN note INT");
        Await.until("both chains to form", LOCK_WAIT, () -> find(SHARD_A1, last.threadId())
                .map(Session::waitingForLock).orElse(false) && find(SHARD_A2, alter.threadId())
                .map(s -> "Waiting for table metadata lock".equals(s.state())).orElse(false));
        refresh();

        robot.clickOn(fx(() -> robot.lookup(".tab").queryAll().stream()
                .filter(tab -> tab.lookup(".tab-label") instanceof Label
                        && ((Label) tab.lookup(".tab-label")).getText().startsWith("Lock chains"))
                .findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> lines().size()) == 7);
        collectGarbage();

        assertThat(fx(() -> window.console().lowerTabProperty().get())).isEqualTo(LowerView.LOCKS.tabId());
        assertThat(fx(this::lines)).containsExactly(
                "shard-test0001s1 | 1 chain",
                "Session " + root.threadId() + " | root blocker",
                "Session " + middle.threadId() + " | waits",
                "Session " + last.threadId() + " | waits",
                "shard-test0001s2 | 1 chain",
                "Session " + reader.threadId() + " | root blocker",
                "Session " + alter.threadId() + " | waits");
        assertThat(tabTitle()).isEqualTo("Lock chains (2)");
        assertThat(killButton().getText()).isEqualTo("Kill all 2 root blockers (frees 3)");

        clickLine("Session " + middle.threadId());
        robot.doubleClickOn(line("Session " + middle.threadId()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> window.sessions().selected().stream().map(r -> r.session().id()).toList()))
                .containsExactly(middle.threadId());
        assertThat(killButton().getText()).isEqualTo("Kill 1 root blocker (frees 2)");
        clickLine("Session " + root.threadId());
        assertThat(killButton().getText()).isEqualTo("Kill 1 root blocker (frees 2)");
        robot.clickOn(killButton());
        assertThat(fx(() -> robot.lookup(".dialog-pane").queryAs(DialogPane.class).getHeaderText()))
                .isEqualTo("Kill the root blockers?");
        assertThat(fx(() -> ((Button) robot.lookup("#cancelKill").query()).isDefaultButton())).isTrue();
        assertThat(fx(() -> robot.lookup(".kill-dialog .label").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText() != null && l.getText().contains("Frees 2 waiting sessions")))).isTrue();
        robot.clickOn("#confirmKill");

        // On the server: the root is gone, and its chain ran and committed; the metadata chain still waits.
        middle.running().get(20, TimeUnit.SECONDS);
        last.running().get(20, TimeUnit.SECONDS);
        Await.until("the root to leave its server", () -> !serverShows(SHARD_A1, root.threadId()));
        assertThat(alter.running().isDone()).isFalse();
        collectGarbage();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> lines().size()) == 3);
        assertThat(tabTitle()).isEqualTo("Lock chains (1)");
        assertThat(killButton().getText()).isEqualTo("Kill 1 root blocker (frees 1)");
    }

    /** The tree's lines, depth first: "session | chain" for each. */
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        collect(tree().getRoot(), lines);
        return lines;
    }

    private static void collect(TreeItem<LockRow> item, List<String> lines) {
        for (TreeItem<LockRow> child : item.getChildren()) {
            lines.add(child.getValue().sessionText() + " | " + child.getValue().chainText());
            collect(child, lines);
        }
    }

    @SuppressWarnings("unchecked")
    private TreeTableView<LockRow> tree() {
        return robot.lookup(".locks-tree").queryAs(TreeTableView.class);
    }

    private Button killButton() throws Exception {
        return fx(() -> robot.lookup(".locks-bar .button").queryAs(Button.class));
    }

    private String tabTitle() throws Exception {
        return fx(() -> robot.lookup(".lower-tabs").queryAs(TabPane.class).getTabs().get(1).getText());
    }

    private void clickLine(String session) throws Exception {
        robot.clickOn(line(session));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private TreeTableRow<LockRow> line(String session) throws Exception {
        return fx(() -> robot.lookup(".locks-tree .tree-table-row-cell").queryAllAs(TreeTableRow.class)
                .stream().filter(r -> r.getItem() != null && ((LockRow) r.getItem()).sessionText().equals(session))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + session)));
    }

    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
