package com.sessionconsole.ui.app;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.demo.Workload;
import com.sessionconsole.testfleet.Await;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;

/** The details pane's Explain button on the real window: a plan as a table, and a statement that ended. */
class WindowPlanTest extends WindowTestSupport {

    @Test
    void explainShowsThePlanOfTheRunningJoin() throws Exception {
        Victim join = work.join(SHARD_B1);
        Await.until("the join to run", () -> find(SHARD_B1, join.threadId())
                .map(s -> Workload.JOIN.equals(s.statement())).orElse(false));
        refresh();

        clickRow(SHARD_B1, join.threadId(), false);
        robot.clickOn("#explain");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> plan().getItems().size()) == 2);

        List<String> headers = fx(() -> plan().getColumns().stream().map(TableColumn::getText).toList());
        assertThat(headers).startsWith("id", "select_type", "table", "type");
        int table = headers.indexOf("table");
        assertThat(fx(() -> plan().getItems().stream().map(row -> row.get(table)).toList())).containsExactly("a", "b");
        assertThat(fx(() -> plan().isVisible())).isTrue();
        assertThat(message()).isEqualTo("Plan of session " + join.threadId() + " (2 rows)");
    }

    @Test
    void aStatementThatEndedBeforeExplainGetsAClearMessage() throws Exception {
        Victim brief = work.sleeping(SHARD_A2, 3);
        Await.until("the statement to run", () -> find(SHARD_A2, brief.threadId())
                .map(s -> s.statement() != null).orElse(false));
        refresh();
        clickRow(SHARD_A2, brief.threadId(), false);
        brief.running().get(10, TimeUnit.SECONDS);

        robot.clickOn("#explain");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message().startsWith("No plan:"));

        assertThat(message()).startsWith("No plan: session " + brief.threadId() + " is not running a statement with"
                + " a plan now");
        assertThat(fx(() -> plan().isVisible())).isFalse();

        Victim idle = work.idle(SHARD_A2);
        refresh();
        clickRow(SHARD_A2, idle.threadId(), false);
        assertThat(fx(() -> robot.lookup("#explain").queryAs(Button.class).isDisabled())).isTrue();
    }

    @SuppressWarnings("unchecked")
    private TableView<List<String>> plan() {
        return robot.lookup(".plan-table").queryAs(TableView.class);
    }

    private String message() throws Exception {
        return fx(() -> robot.lookup("#planMessage").queryAs(Label.class).getText());
    }
}
