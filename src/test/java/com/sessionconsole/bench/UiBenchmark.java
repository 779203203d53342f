package com.sessionconsole.bench;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.Transaction;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.killsession.ShardSessions;
import com.sessionconsole.ui.app.ConsoleViewModel;
import com.sessionconsole.ui.app.ConsoleWindow;
import com.sessionconsole.ui.app.LargeFleet;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.sessions.SessionRow;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static com.sessionconsole.bench.Figures.timed;
import static com.sessionconsole.bench.Figures.fx;
import static com.sessionconsole.bench.Figures.median;
import static com.sessionconsole.bench.Figures.round;

/**
 * The window with 50,000 sessions: refresh apply and filter keystrokes, beside a bare TableView holding the same
 * rows; process memory; and the cold start to the first painted frame (in a fresh JVM). Needs a display:
 * {@code xvfb-run -a mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.sessionconsole.bench.UiBenchmark}
 * <p>
 * With {@code -Dexec.args=large} the fleet is 1,000 shards (50 instances of 20) with 20,790 sessions, built in
 * memory ({@link LargeFleet}), and it also times the tree's name filter, keystroke by keystroke.
 */
public final class UiBenchmark {
    private static final int SESSIONS = 50_000;
    private static final String[] KEYS = {"s", "se", "sel", "sele", "selec", "select", "select ", "select s", "select", "sel", "s", ""};
    private static final String[] TREE_KEYS = {"s", "sc", "sca", "scal", "scale", "scale0", "scale01", "scale017", "scale01", "scale0", ""};

    private UiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--in-this-jvm")) {
            measure(Long.parseLong(args[1]), args.length > 2 && args[2].equals("large"));
            return;
        }
        String fleet = args.length > 0 && args[0].equals("large") ? "large" : "small";
        // Each measurement in a fresh JVM of its own, so Maven's own heap is neither measured nor in the way.
        long coldStart = -1;
        List<String> coldOutput = child(ColdStart.class.getName());
        for (String line : coldOutput) {
            if (line.startsWith("FIRST_FRAME_MS=")) {
                coldStart = Long.parseLong(line.substring("FIRST_FRAME_MS=".length()));
            }
        }
        if (coldStart < 0) {
            coldOutput.forEach(line -> System.out.println("cold start: " + line));
        }
        for (String line : child(UiBenchmark.class.getName(), "--in-this-jvm", String.valueOf(coldStart), fleet)) {
            System.out.println(line);
        }
        System.exit(0);
    }

    private static void measure(long coldStart, boolean large) throws Exception {
        Platform.startup(() -> { });
        Path data = Files.createTempDirectory("ui-bench-");
        KillSessionService service = KillSessionService.open(Inventory.empty(data.resolve("inventory.yaml")), data, ServiceOptions.DEFAULT, StandardBackends.create());
        ConsoleWindow window = fx(() -> {
            ConsoleWindow built = new ConsoleWindow(service, WindowContext.of(data.resolve("inventory.yaml"), false), saved -> { });
            built.console().intervalProperty().set(ConsoleViewModel.Interval.OFF);
            show(built.root(), "console");
            return built;
        });
        Bare bare = fx(() -> {
            Bare made = new Bare();
            show(made.table, "bare TableView");
            return made;
        });

        int rounds = 6;
        long prepare = 0;
        double[] consoleApply = new double[rounds];
        double[] bareApply = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            FleetSnapshot snapshot = large ? LargeFleet.snapshot(i, Instant.now()) : snapshot(i);
            long t = System.nanoTime();
            List<SessionRow> rows = SessionRow.of(snapshot);
            prepare += System.nanoTime() - t;
            System.gc(); // a collection of the previous round's garbage must not land inside the timed section
            consoleApply[i] = fx(() -> timed(() -> window.refresher().apply(snapshot, rows), window.root()));
            bareApply[i] = fx(() -> timed(() -> bare.rows.setAll(rows), bare.table));
        }
        double[] consoleKeys = new double[KEYS.length];
        double[] bareKeys = new double[KEYS.length];
        for (int i = 0; i < KEYS.length; i++) {
            String text = KEYS[i];
            consoleKeys[i] = fx(() -> timed(() -> window.sessions().quickFilterProperty().set(text), window.root()));
            bareKeys[i] = fx(() -> timed(() -> bare.filter(text), bare.table));
        }
        double[] treeKeys = new double[TREE_KEYS.length];
        for (int i = 0; large && i < TREE_KEYS.length; i++) {
            String text = TREE_KEYS[i];
            treeKeys[i] = fx(() -> timed(() -> window.tree().nameFilterProperty().set(text), window.root()));
        }
        long rss = rssMegabytes();
        double applyConsole = median(Arrays.copyOfRange(consoleApply, 1, consoleApply.length));
        double applyBare = median(Arrays.copyOfRange(bareApply, 1, bareApply.length));
        double keyConsole = Arrays.stream(consoleKeys).average().orElse(0);
        double keyBare = Arrays.stream(bareKeys).average().orElse(0);
        double keyConsoleMax = Arrays.stream(consoleKeys).max().orElse(0);
        int rows = window.sessions().allRows().size();
        System.out.printf(Locale.ROOT, "rows: %,d sessions over %s; rows prepared off the FX thread in %.0f ms per refresh%n",
                rows, large ? "1,000 shards" : "3 shards", prepare / 1e6 / rounds);
        System.out.printf(Locale.ROOT, "per keystroke, console (ms): %s%n", Arrays.toString(round(consoleKeys)));
        System.out.printf(Locale.ROOT, "per keystroke, bare    (ms): %s%n", Arrays.toString(round(bareKeys)));
        System.out.printf(Locale.ROOT, "refresh apply: console %.1f ms (median), bare TableView %.1f ms, ratio %.1fx; target <= 100 ms: %s%n",
                applyConsole, applyBare, applyConsole / Math.max(0.1, applyBare), applyConsole <= 100 ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "filter keystroke: console %.1f ms mean (%.1f max), bare TableView %.1f ms, ratio %.1fx; target <= 50 ms: %s%n",
                keyConsole, keyConsoleMax, keyBare, keyConsole / Math.max(0.1, keyBare), keyConsoleMax <= 50 ? "PASS" : "FAIL");
        if (large) {
            double treeMax = Arrays.stream(treeKeys).max().orElse(0);
            System.out.printf(Locale.ROOT, "per tree filter keystroke (ms): %s%n", Arrays.toString(round(treeKeys)));
            System.out.printf(Locale.ROOT, "tree filter keystroke (1,000 shards): %.1f ms mean (%.1f max); target <= 50 ms: %s%n",
                    Arrays.stream(treeKeys).average().orElse(0), treeMax, treeMax <= 50 ? "PASS" : "FAIL");
        }
        System.out.printf(Locale.ROOT, "process memory: VmRSS %d MB; target <= 400 MB: %s%n", rss, rss <= 400 ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "cold start to first painted frame: %d ms; target <= 2500 ms: %s%n", coldStart,
                coldStart > 0 && coldStart <= 2500 ? "PASS" : "FAIL");
        service.close();
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** The same columns as the console's table, nothing else: the baseline. */
    private static final class Bare {
        final ObservableList<SessionRow> rows = FXCollections.observableArrayList();
        final FilteredList<SessionRow> filtered = new FilteredList<>(rows);
        final TableView<SessionRow> table = new TableView<>();

        Bare() {
            SortedList<SessionRow> sorted = new SortedList<>(filtered);
            sorted.comparatorProperty().bind(table.comparatorProperty());
            table.setItems(sorted);
            add("Shard", r -> r.session().shard().shardId());
            add("Id", r -> r.session().id());
            add("User", r -> r.session().user());
            add("Host", r -> r.session().host());
            add("Db", r -> r.session().db());
            add("Command", r -> r.session().command());
            add("Time", r -> r.session().timeSeconds());
            add("State", r -> r.session().state());
            add("Trx age", SessionRow::transactionAge);
            add("Rows", SessionRow::rowsModified);
            add("Statement", SessionRow::statementLine);
        }

        void filter(String text) {
            String needle = text.toLowerCase(Locale.ROOT);
            filtered.setPredicate(needle.isEmpty() ? null : r -> r.haystack().contains(needle));
        }

        private <T> void add(String name, Function<SessionRow, T> value) {
            TableColumn<SessionRow, T> column = new TableColumn<>(name);
            column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
            table.getColumns().add(column);
        }
    }

    private static FleetSnapshot snapshot(int round) {
        List<Shard> shards = List.of(new Shard("tdsqlshard-bench1", "shard-bench1s1", "set_1_1", "10.0.0.1:3306", "running"),
                new Shard("tdsqlshard-bench1", "shard-bench1s2", "set_1_2", "10.0.0.2:3306", "running"),
                new Shard("tdsqlshard-bench2", "shard-bench2s1", "set_2_1", "10.0.0.3:3306", "running"));
        List<List<Session>> perShard = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String[] commands = {"Sleep", "Query", "Sleep", "Execute"};
        for (int i = 0; i < SESSIONS; i++) {
            int s = i % 3;
            Shard shard = shards.get(s);
            String command = commands[i % commands.length];
            String statement = command.equals("Sleep") ? null
                    : "SELECT o.id, o.total FROM orders o WHERE o.customer_id = " + (i * 7 % 10_000) + " AND o.state = 'open'";
            Transaction trx = i % 10 == 0 ? new Transaction(Instant.EPOCH, i % 600 + round, i % 50, i % 50, "RUNNING") : null;
            perShard.get(s).add(new Session(shard, 1000 + i, "app" + (i % 40), "10.1." + (i % 250) + "." + (i % 200) + ":" + (30000 + i % 20000),
                    "orders", command, (i + round) % 3600, command.equals("Sleep") ? "" : "Sending data", statement, null, trx,
                    null, false, null));
        }
        List<ShardSessions> answers = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            answers.add(new ShardSessions(shards.get(s), perShard.get(s), null, Duration.ofMillis(20)));
        }
        return new FleetSnapshot(Instant.now(), Duration.ofMillis(25),
                List.of(new Instance("tdsqlshard-bench1", "orders", InstanceKind.MYSQL, "running", "", shards.subList(0, 2)),
                        new Instance("tdsqlshard-bench2", "billing", InstanceKind.MYSQL, "running", "", shards.subList(2, 3))),
                Map.of(), answers);
    }

    private static void show(Parent root, String title) {
        Stage stage = new Stage();
        stage.setTitle(title);
        stage.setScene(new Scene(root, 1360, 820));
        stage.show();
    }

    private static long rssMegabytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** Runs a main class of this classpath in a fresh JVM and returns its output lines. */
    private static List<String> child(String mainClass, String... args) throws Exception {
        String classpath = System.getProperty("java.class.path");
        ClassLoader loader = UiBenchmark.class.getClassLoader();
        if (loader instanceof URLClassLoader) {
            List<String> parts = new ArrayList<>();
            for (URL url : ((URLClassLoader) loader).getURLs()) {
                parts.add(new File(url.toURI()).getPath());
            }
            classpath = String.join(File.pathSeparator, parts);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx224m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m", "-Xss512k",
                "-cp", classpath, mainClass)); // the installed launcher's JVM options (installer/build.sh)
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("SLF4J") && !line.contains("Unsupported JavaFX configuration") && !line.contains("PlatformImpl startup")) {
                    lines.add(line);
                }
            }
        }
        process.waitFor();
        return lines;
    }
}
