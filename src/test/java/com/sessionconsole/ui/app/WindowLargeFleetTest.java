package com.sessionconsole.ui.app;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.history.FleetHistory;
import com.sessionconsole.ui.history.Sparkline;
import com.sessionconsole.ui.sessions.SessionRow;
import com.sessionconsole.ui.tree.FleetNode;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.ui.app.LargeFleet.INSTANCES;
import static com.sessionconsole.ui.app.LargeFleet.SESSIONS_PER_SHARD;
import static com.sessionconsole.ui.app.LargeFleet.SHARDS_PER_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree with 1,000 shards, in the real window: refreshes built in memory go through the refresher's apply path
 * (as a real refresh's answer does); the tree is filtered, narrowed to shards in error, sorted by running sessions and
 * a shard selected, and the table and the status bar follow. Structure is asserted; timings are printed only (the
 * benchmark holds the targets), so a slow machine cannot make this test flaky.
 */
class WindowLargeFleetTest {
    /** After the window's own first refresh (of an empty inventory), which the history records too. */
    private final Instant t0 = Instant.now().plusSeconds(60);
    private final FxRobot robot = new FxRobot();
    private KillSessionService service;
    private ConsoleWindow window;

    @TempDir
    Path dataDir;

    @BeforeEach
    void openWindow() throws Exception {
        // An empty inventory: the window's own first refresh answers at once and lists nothing.
        service = KillSessionService.open(Inventory.empty(dataDir.resolve("inventory.yaml")), dataDir, ServiceOptions.DEFAULT,
                StandardBackends.create());
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            window = new ConsoleWindow(service, WindowContext.of(dataDir.resolve("inventory.yaml"), false), saved -> { });
            window.console().intervalProperty().set(ConsoleViewModel.Interval.OFF);
            stage.setScene(new Scene(window.root(), 1280, 780));
            stage.show();
            window.start();
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> window.console().snapshotProperty().get() != null
                && !window.console().refreshingProperty().get()));
    }

    @AfterEach
    void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
        fx(() -> {
            window.close();
            return null;
        });
        service.close();
    }

    @Test
    void theTreeWithAThousandShardsFiltersSortsNarrowsAndKeepsTheSelection() throws Exception {
        apply(LargeFleet.snapshot(0, t0), 0);
        // The same figures five seconds later: nothing to announce, yet every sparkline shown gains a point.
        apply(LargeFleet.snapshot(0, t0.plusSeconds(5)), 0);
        assertThat(fx(() -> ((Sparkline) cellOf(FleetHistory.FLEET).getGraphic().lookup(".sparkline")).points())).isEqualTo(2);
        apply(0);
        TreeView<FleetNode> tree = fx(() -> robot.lookup(".fleet-tree").queryAs(TreeView.class));
        assertThat(fx(() -> fleet(tree).getChildren().size())).isEqualTo(INSTANCES);
        assertThat(fx(() -> fleet(tree).getChildren().stream().mapToInt(i -> i.getChildren().size()).sum()))
                .isEqualTo(INSTANCES * SHARDS_PER_INSTANCE);
        int rows = 1000 * SESSIONS_PER_SHARD - 10 * SESSIONS_PER_SHARD; // 10 of the 1,000 shards are unreachable
        assertThat(status()).isEqualTo(rows + " sessions  ·  " + rows + " shown  ·  0 selected");
        // Instance 4 holds shard 96, the first unreachable one; its summary says so.
        FleetNode fourth = fx(() -> fleet(tree).getChildren().get(4).getValue());
        assertThat(fourth.summary()).endsWith("  ·  1 shard in error").startsWith("399 sessions  ·  ");

        long filterStarted = System.nanoTime();
        robot.clickOn("#treeFilter").write("scale017");
        WaitForAsyncUtils.waitForFxEvents();
        System.out.printf("1,000 shards: filter typed and shown in %d ms%n", (System.nanoTime() - filterStarted) / 1_000_000);
        assertThat(fx(() -> fleet(tree).getChildren().stream().map(i -> i.getValue().id()).toList()))
                .containsExactly(LargeFleet.instanceId(17));
        assertThat(fx(() -> fleet(tree).getChildren().get(0).getChildren().size())).isEqualTo(SHARDS_PER_INSTANCE);

        String shardKey = LargeFleet.instanceId(17) + "/" + LargeFleet.shardId(17, 5);
        robot.clickOn(cellOf(shardKey));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> window.sessions().shownRows().stream().allMatch(r -> r.key().shardKey().equals(shardKey)))).isTrue();
        assertThat(status()).isEqualTo(rows + " sessions  ·  " + SESSIONS_PER_SHARD + " shown  ·  0 selected");
        TreeItem<FleetNode> selected = fx(() -> tree.getSelectionModel().getSelectedItem());

        // The next refresh moves and updates the existing items: the same item stays selected, the table narrowed.
        apply(1);
        assertThat(fx(() -> tree.getSelectionModel().getSelectedItem() == selected)).as("the same item stays selected").isTrue();
        int running = LargeFleet.running(17 * SHARDS_PER_INSTANCE + 5, 1);
        assertThat(fx(() -> selected.getValue().running())).isEqualTo(running);
        // Its visible cell shows the new figures, without the tree rebuilding its cells.
        assertThat(fx(() -> ((Labeled) cellOf(shardKey).getGraphic().lookup(".node-title")).getText()))
                .endsWith("21 sessions, " + running + " running");
        assertThat(status()).isEqualTo(rows + " sessions  ·  " + SESSIONS_PER_SHARD + " shown  ·  0 selected");

        fx(() -> {
            window.tree().nameFilterProperty().set("");
            return null;
        });
        robot.clickOn("Shards in error");
        WaitForAsyncUtils.waitForFxEvents();
        List<FleetNode> inError = fx(() -> fleet(tree).getChildren().stream().flatMap(i -> i.getChildren().stream())
                .map(TreeItem::getValue).toList());
        assertThat(inError).hasSize(10).allMatch(FleetNode::failed);
        // The selected shard answered, so it left the tree: the fleet is selected and the table shows every row.
        assertThat(fx(() -> tree.getSelectionModel().getSelectedItem().getValue().id())).isEqualTo("fleet");
        assertThat(status()).isEqualTo(rows + " sessions  ·  " + rows + " shown  ·  0 selected");
        robot.clickOn("Shards in error");
        fx(() -> {
            tree.getSelectionModel().select(selected);
            return null;
        });

        robot.clickOn("Sort by running");
        WaitForAsyncUtils.waitForFxEvents();
        List<Integer> busiest = fx(() -> fleet(tree).getChildren().stream().map(i -> i.getValue().running()).toList());
        assertThat(busiest).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        List<Integer> firstShards = fx(() -> fleet(tree).getChildren().get(0).getChildren().stream()
                .map(s -> s.getValue().running()).toList());
        assertThat(firstShards).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        // Sorting moved the items; the selected shard is still the one selected, and the table still narrowed to it.
        assertThat(fx(() -> tree.getSelectionModel().getSelectedItem() == selected)).as("the shard stays selected").isTrue();
        assertThat(status()).isEqualTo(rows + " sessions  ·  " + SESSIONS_PER_SHARD + " shown  ·  0 selected");

        long collapse = System.nanoTime();
        fx(() -> {
            fleet(tree).getChildren().forEach(item -> item.setExpanded(false));
            fleet(tree).getChildren().get(0).setExpanded(true);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        System.out.printf("1,000 shards: collapse all, expand one in %d ms%n", (System.nanoTime() - collapse) / 1_000_000);
        assertThat(fx(() -> tree.getExpandedItemCount())).isEqualTo(1 + INSTANCES + SHARDS_PER_INSTANCE);
    }

    private void apply(int round) throws Exception {
        apply(LargeFleet.snapshot(round, t0.plusSeconds(5L * round + 10)), round);
    }

    private void apply(FleetSnapshot snapshot, int round) throws Exception {
        List<SessionRow> rows = SessionRow.of(snapshot);
        long took = fx(() -> {
            long started = System.nanoTime();
            window.refresher().apply(snapshot, rows);
            window.root().applyCss();
            window.root().layout();
            return (System.nanoTime() - started) / 1_000_000;
        });
        WaitForAsyncUtils.waitForFxEvents();
        System.out.printf("1,000 shards, %,d rows: refresh %d applied in %d ms%n", rows.size(), round, took);
    }

    /** The Fleet item: the tree's visible top (its root is hidden, so that new figures never rebuild every cell). */
    private static TreeItem<FleetNode> fleet(TreeView<FleetNode> tree) {
        return tree.getRoot().getChildren().get(0);
    }

    private TreeCell<?> cellOf(String id) throws Exception {
        return fx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.isVisible() && c.getItem() instanceof FleetNode node && node.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no visible cell for " + id)));
    }

    private String status() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> robot.lookup(".status-counts").queryAs(Labeled.class).getText());
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }
}
