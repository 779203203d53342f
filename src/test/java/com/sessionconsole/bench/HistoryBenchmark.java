package com.sessionconsole.bench;

import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.ui.app.LargeFleet;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ControllerFactory;
import com.sessionconsole.ui.common.ProblemLine;
import com.sessionconsole.ui.history.Figure;
import com.sessionconsole.ui.history.FleetHistory;
import com.sessionconsole.ui.history.HistoryController;
import com.sessionconsole.ui.history.HistoryExport;
import com.sessionconsole.ui.history.HistoryRing;
import com.sessionconsole.ui.history.HistoryViewModel;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static com.sessionconsole.bench.Figures.timed;
import static com.sessionconsole.bench.Figures.fx;
import static com.sessionconsole.bench.Figures.median;
import static com.sessionconsole.bench.Figures.round;

/**
 * The history of 1,000 shards (50 instances of 20, built in memory by {@link LargeFleet}) over 60 minutes at a 5 s
 * refresh, 720 refreshes: the memory it holds, the time to record a refresh, and the time to redraw the history pane
 * for a node (the whole hour, every series on), against the targets of issue 15. Runs in a fresh JVM with the
 * installed launcher's options; needs a display:
 * {@code xvfb-run -a mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.sessionconsole.bench.HistoryBenchmark}
 */
public final class HistoryBenchmark {
    private static final int REFRESHES = HistoryRing.SLOTS;
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--in-this-jvm")) {
            measure();
            return;
        }
        Process child = new ProcessBuilder(ChildJvm.command(ChildJvm.LAUNCHER_OPTIONS, HistoryBenchmark.class.getName(),
                "--in-this-jvm")).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("SLF4J") && !line.contains("Unsupported JavaFX configuration") && !line.contains("PlatformImpl startup")) {
                    System.out.println(line);
                }
            }
        }
        System.exit(child.waitFor());
    }

    private static void measure() throws Exception {
        // Seven rounds of the fleet, each with its own running counts, given 720 successive read times.
        List<FleetSnapshot> rounds = new ArrayList<>();
        for (int round = 0; round < 7; round++) {
            rounds.add(LargeFleet.snapshot(round, T0));
        }
        long before = usedHeap();
        FleetHistory history = new FleetHistory();
        HistoryViewModel model = new HistoryViewModel(history);
        double[] record = new double[REFRESHES];
        for (int i = 0; i < REFRESHES; i++) {
            FleetSnapshot base = rounds.get(i % rounds.size());
            FleetSnapshot at = new FleetSnapshot(T0.plusSeconds(5L * i), base.took(), base.instances(), base.instanceErrors(),
                    base.shards());
            long t = System.nanoTime();
            model.record(at);
            record[i] = (System.nanoTime() - t) / 1e6;
        }
        long held = usedHeap() - before;
        rounds.clear();
        long arrays = (long) history.size() * HistoryRing.SLOTS * (1 + Figure.values().length) * Integer.BYTES;

        Platform.startup(() -> { });
        Background background = new Background();
        Parent view = fx(() -> {
            ControllerFactory factory = new ControllerFactory().register(HistoryController.class,
                    () -> new HistoryController(model, new HistoryExport(model, background, new ProblemLine())));
            Parent loaded = factory.load(factory.loader(HistoryController.class, "HistoryView.fxml"));
            Stage stage = new Stage();
            stage.setScene(new Scene(loaded, 1040, 320));
            stage.show();
            return loaded;
        });
        fx(() -> {
            model.spanProperty().set(HistoryViewModel.Span.M60);
            for (Figure figure : Figure.values()) {
                model.shownProperty(figure).set(true);
            }
            return null;
        });
        String[] nodes = {FleetHistory.FLEET, LargeFleet.instanceId(17), LargeFleet.instanceId(17) + "/" + LargeFleet.shardId(17, 5),
                LargeFleet.instanceId(3), LargeFleet.instanceId(3) + "/" + LargeFleet.shardId(3, 1)};
        double[] redraw = new double[20];
        for (int i = 0; i < redraw.length; i++) {
            String node = nodes[i % nodes.length];
            System.gc(); // a collection of the previous round's garbage must not land inside the timed section
            redraw[i] = fx(() -> timed(() -> model.show(node, node), view));
        }
        // Each refresh afterwards: one point per series appended, the oldest dropped, the axis moved on.
        double[] follow = new double[20];
        for (int i = 0; i < follow.length; i++) {
            FleetSnapshot base = LargeFleet.snapshot(i, T0.plusSeconds(5L * (REFRESHES + i)));
            follow[i] = fx(() -> timed(() -> model.record(base), view));
        }
        double redrawMedian = median(Arrays.copyOfRange(redraw, nodes.length, redraw.length));
        double redrawMax = Arrays.stream(redraw, nodes.length, redraw.length).max().orElse(0);
        System.out.printf(Locale.ROOT, "history: %,d shards, %d refreshes (60 min at 5 s); %d rings%n",
                LargeFleet.INSTANCES * LargeFleet.SHARDS_PER_INSTANCE, REFRESHES, history.size());
        System.out.printf(Locale.ROOT, "memory held by the history: %.1f MB measured (%.1f MB of ring arrays); target <= 50 MB: %s%n",
                held / 1048576.0, arrays / 1048576.0, held <= 50L * 1048576 ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "record one refresh of 1,000 shards: %.2f ms median (%.2f max after the first 10)%n",
                median(record), Arrays.stream(record, 10, record.length).max().orElse(0));
        System.out.printf(Locale.ROOT, "chart redraw of a node (60 min, every series): %.1f ms median, %.1f ms max (first rounds left out: %s);"
                + " target <= 30 ms (median): %s%n", redrawMedian, redrawMax, Arrays.toString(round(Arrays.copyOf(redraw, nodes.length))),
                redrawMedian <= 30 ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "chart after a refresh (record + append + layout): %.1f ms median%n",
                median(Arrays.copyOfRange(follow, 2, follow.length)));
        background.close();
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
