package com.sessionconsole.ui.app;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.ui.history.Figure;
import com.sessionconsole.ui.history.FleetHistory;
import com.sessionconsole.ui.history.HistoryRing;
import com.sessionconsole.ui.history.Sparkline;
import com.sessionconsole.ui.tree.FleetNode;
import javafx.geometry.Point2D;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.shape.Line;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/** The history pane and the tree's sparklines on the real window, following real refreshes of the test fleet. */
class WindowHistoryTest extends WindowTestSupport {
    private static final String A1_KEY = INSTANCE_A + "/" + SHARD_A1;

    @Test
    void theChartFollowsRefreshesShowsValuesOnHoverAndMarksKills() throws Exception {
        showHistoryOf(INSTANCE_A);
        Victim busy = work.sleeping(SHARD_A1, 120);
        Await.until("the statement to run", () -> find(SHARD_A1, busy.threadId()).map(s -> s.statement() != null).orElse(false));
        refresh();
        collectGarbage();

        // The newest point of the running series is the instance's running count in the newest slot.
        int running = fx(() -> window.charts().value(window.charts().lastSlot(), Figure.RUNNING));
        assertThat(running).isGreaterThanOrEqualTo(1);
        assertThat(fx(() -> lastPoint("Running"))).isEqualTo(running);

        Victim second = work.sleeping(SHARD_A1, 120);
        Await.until("the second statement to run", () -> find(SHARD_A1, second.threadId()).map(s -> s.statement() != null).orElse(false));
        Thread.sleep(HistoryRing.SLOT_SECONDS * 1000L); // the next 5 s slot
        refresh();
        collectGarbage();
        assertThat(fx(() -> lastPoint("Running"))).isEqualTo(running + 1);
        assertThat(fx(() -> series("Running").getData().size())).isGreaterThanOrEqualTo(2);

        robot.moveTo(newestPointOnScreen());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup(".history-readout").queryAs(Label.class).getText()))
                .contains("Running " + (running + 1)).contains("Sessions");

        // A kill from elsewhere reaches the chart through the task history, as a mark on the time line.
        service.kill(new KillRequest(INSTANCE_A, SHARD_A1, null, List.of(busy.threadId()), KillMode.CONNECTION, Map.of()), OPERATOR);
        refresh();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> visibleKillMarks()) == 2); // one per chart
        assertThat(fx(() -> window.charts().value(window.charts().lastSlot(), Figure.KILLS))).isEqualTo(1);
    }

    @Test
    void everyShardAndInstanceHasASparklineOfItsRunningSessions() throws Exception {
        Victim busy = work.sleeping(SHARD_A1, 120);
        Await.until("the statement to run", () -> find(SHARD_A1, busy.threadId()).map(s -> s.statement() != null).orElse(false));
        refresh();
        collectGarbage();

        Map<String, Sparkline> lines = fx(() -> {
            Map<String, Sparkline> found = new java.util.HashMap<>();
            for (TreeCell<?> cell : robot.lookup(".tree-cell").queryAllAs(TreeCell.class)) {
                if (cell.getItem() instanceof FleetNode node && cell.getGraphic() != null) {
                    found.put(node.id(), (Sparkline) cell.getGraphic().lookup(".sparkline"));
                }
            }
            return found;
        });
        assertThat(lines).containsKeys(FleetHistory.FLEET, INSTANCE_A, A1_KEY);
        assertThat(lines.get(A1_KEY).last()).isGreaterThanOrEqualTo(1);
        assertThat(lines.get(INSTANCE_A).last()).isGreaterThanOrEqualTo(lines.get(A1_KEY).last());
    }

    @Test
    void theHistoryExportsAsCsvWithTheNodeAndItsShards() throws Exception {
        showHistoryOf(INSTANCE_A);
        refresh();
        Path file = dataDir.resolve("history.csv");

        fx(() -> {
            window.historyExport().write(file);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !window.historyExport().lastExportProperty().get().isEmpty()));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("time,instanceId,shardId,sessions,running,waiting,blocking,"
                + "longestRunningSeconds,oldestTransactionSeconds,kills");
        assertThat(lines).anyMatch(line -> line.contains("," + INSTANCE_A + ",,"))
                .anyMatch(line -> line.contains("," + INSTANCE_A + "," + SHARD_A1 + ","));
        assertThat(fx(() -> window.historyExport().lastExportProperty().get())).contains("3 nodes").contains(file.toString());
    }

    private void showHistoryOf(String nodeId) throws Exception {
        fx(() -> {
            FleetNode node = window.tree().fleetProperty().get().children().stream()
                    .filter(n -> n.id().equals(nodeId)).findFirst().orElseThrow();
            window.tree().selectedProperty().set(node);
            return null;
        });
        robot.clickOn("History");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> window.charts().nodeProperty().get())).isEqualTo(nodeId);
    }

    @SuppressWarnings("unchecked")
    private XYChart.Series<Number, Number> series(String name) {
        LineChart<Number, Number> chart = robot.lookup(".history-counts").queryAs(LineChart.class);
        return chart.getData().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private int lastPoint(String name) {
        List<XYChart.Data<Number, Number>> data = series(name).getData();
        return data.get(data.size() - 1).getYValue().intValue();
    }

    private long visibleKillMarks() {
        return robot.lookup(".history-kill").queryAllAs(Line.class).stream().filter(Line::isVisible).count();
    }

    /** Where the running series' newest point is drawn, on the screen. */
    @SuppressWarnings("unchecked")
    private Point2D newestPointOnScreen() throws Exception {
        return fx(() -> {
            LineChart<Number, Number> chart = robot.lookup(".history-counts").queryAs(LineChart.class);
            NumberAxis time = (NumberAxis) chart.getXAxis();
            List<XYChart.Data<Number, Number>> data = series("Running").getData();
            double x = time.getDisplayPosition(data.get(data.size() - 1).getXValue()) - 2;
            Point2D onAxis = time.localToScreen(x, 0);
            return new Point2D(onAxis.getX(), onAxis.getY() - chart.getYAxis().getHeight() / 2);
        });
    }

    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
