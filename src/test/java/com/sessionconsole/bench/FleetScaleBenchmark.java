package com.sessionconsole.bench;

import com.sessionconsole.Launcher;
import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.EmbeddedFleet.InstanceSpec;
import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.EmbeddedServer;
import com.sessionconsole.demo.ScaleFleet;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.fleet.inventory.TlsMode;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ServiceOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.sessionconsole.bench.Figures.median;

/**
 * A fleet of 1,000 shards on a 2-core machine, measured in one run: 1,000 shard entries, each its own account
 * without PROCESS (so it sees only its own sessions, as a shard would) over 4 embedded MariaDB servers, each
 * with 20 sessions of its own (two running, two in an open transaction, the rest idle): about 21,000 rows.
 * This simulates the console's side of a large fleet (fan-out, connections, threads, memory, rows); it does not
 * simulate network latency or 1,000 server processes.
 *
 * <p>Figures: a warm refresh of the whole fleet against plain JDBC (one open connection per shard, fanned out
 * with the same parallelism); a cold {@code list} of the whole fleet as a process, from start to its last line,
 * with its peak threads and resident memory; the console's connections per server after a refresh; the peak
 * threads of {@code serve} while it answers across the fleet, and of the window while it refreshes the fleet.
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.sessionconsole.bench.FleetScaleBenchmark}; {@code -Dparts=cold} measures only the cold
 * {@code list} (the parts are {@code warm,cold,serve,window}, all by default). The cold {@code list} runs twice:
 * with TLS as the servers offer it, and with every shard {@code tls: disabled}.
 */
public final class FleetScaleBenchmark {
    static final int SERVERS = 4;
    static final int ENTRIES = 1_000;
    static final int PER_INSTANCE = 40;
    static final int SESSIONS = 20;
    private static final int ROUNDS = 15;

    private FleetScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("session-console-scale");
        System.out.printf("Starting %d embedded servers...%n", SERVERS);
        int maxConnections = ENTRIES / SERVERS * (SESSIONS + 6) + 200;
        try (EmbeddedFleet fleet = EmbeddedFleet.start(List.of(new InstanceSpec("tdsqlshard-host0001", "hosts",
                SERVERS)), maxConnections)) {
            ScaleFleet scale = ScaleFleet.create(fleet, ENTRIES, PER_INSTANCE);
            System.out.printf("%,d accounts made.%n", ENTRIES);
            List<Process> loads = startVictims(fleet, scale, work);
            try {
                Path inventory = work.resolve("inventory.yaml");
                InventoryWriter.write(scale.inventory(), inventory);
                Path plain = work.resolve("inventory-no-tls.yaml");
                InventoryWriter.write(withoutTls(scale.inventory()), plain);
                Map<String, String> figures = new LinkedHashMap<>();
                Set<String> parts = Set.of(System.getProperty("parts", "warm,cold,serve,window").split(","));
                if (parts.contains("warm")) {
                    warmRefresh(scale, work, fleet, figures);
                }
                if (parts.contains("cold")) {
                    coldList(inventory, "TLS, as the servers offer it", work, figures);
                    coldList(plain, "every shard `tls: disabled`", work, figures);
                }
                if (parts.contains("serve")) {
                    ServeThreads.measure(inventory, work, figures);
                }
                if (parts.contains("window")) {
                    WindowThreads.measure(inventory, work, fleet, ENTRIES, figures);
                }
                print(figures);
            } finally {
                for (Process load : loads) {
                    load.getOutputStream().close();
                    load.destroy();
                }
            }
        } finally {
            deleteTree(work);
        }
        System.exit(0);
    }

    /** One victim process per server: about 5,000 sessions each. */
    private static List<Process> startVictims(EmbeddedFleet fleet, ScaleFleet scale, Path work) throws Exception {
        List<Process> loads = new ArrayList<>();
        List<BufferedReader> ready = new ArrayList<>();
        for (EmbeddedFleet.EmbeddedShard shard : fleet.shards()) {
            EmbeddedServer server = shard.server();
            Path accounts = work.resolve("accounts-" + server.port() + ".txt");
            List<String> lines = new ArrayList<>();
            for (ScaleFleet.Entry entry : scale.entries()) {
                if (entry.server() == server) {
                    lines.add("127.0.0.1 " + server.port() + " " + entry.user() + " " + scale.password());
                }
            }
            Files.write(accounts, lines);
            Process load = new ProcessBuilder(ChildJvm.command(List.of("-Xss256k"), VictimLoad.class.getName(),
                    accounts.toString(), String.valueOf(SESSIONS))).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            loads.add(load);
            ready.add(new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8)));
        }
        System.out.printf("Opening %,d sessions of %,d accounts...%n", ENTRIES * SESSIONS, ENTRIES);
        for (BufferedReader reader : ready) {
            String line = reader.readLine();
            if (line == null || !line.startsWith("ready")) {
                throw new IllegalStateException("a victim process did not start: " + line);
            }
        }
        return loads;
    }

    private static void warmRefresh(ScaleFleet scale, Path work, EmbeddedFleet fleet, Map<String, String> figures)
            throws Exception {
        Caller caller = Caller.operator("bench");
        try (KillSessionService service = KillSessionService.open(scale.inventory(), work.resolve("data"),
                ServiceOptions.DEFAULT, StandardBackends.create())) {
            try (PlainFleet plain = PlainFleet.open(scale, ServiceOptions.DEFAULT.ioThreads())) {
                compare(service, plain, caller, figures);
            }
            // Counted once the baseline's own connections (same accounts) are closed: the console's alone.
            int worst = 0;
            for (EmbeddedFleet.EmbeddedShard shard : fleet.shards()) {
                worst = Math.max(worst, consolePerEntry(shard.server(), scale));
            }
            figures.put("console connections per shard entry after a refresh (most on one server)",
                    worst + "|<= 1|" + met(worst <= 1));
        }
    }

    private static void compare(KillSessionService service, PlainFleet plain, Caller caller, Map<String, String> figures)
            throws Exception {
        FleetSnapshot first = service.listSessions(Scope.FLEET, caller);
        System.out.printf("first refresh: %,d sessions of %,d shards in %d ms, %d in error%n",
                first.sessions().size(), first.shards().size(), first.took().toMillis(), first.shardsInError());
        for (int i = 0; i < 3; i++) { // warm up both: JIT, server caches
            service.listSessions(Scope.FLEET, caller);
            plain.refresh();
        }
        double[] console = new double[ROUNDS];
        double[] bare = new double[ROUNDS];
        int rows = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            FleetSnapshot snapshot = service.listSessions(Scope.FLEET, caller);
            console[i] = (System.nanoTime() - start) / 1e6;
            rows = snapshot.sessions().size();
            start = System.nanoTime();
            plain.refresh();
            bare[i] = (System.nanoTime() - start) / 1e6;
        }
        double c = median(console);
        double b = median(bare);
        figures.put("warm full-fleet refresh (" + String.format("%,d", rows) + " rows, median of " + ROUNDS + ")",
                String.format("%.0f ms vs plain JDBC %.0f ms: ratio %.2f|ratio <= 1.3|%s", c, b, c / b,
                        met(c / b <= 1.3)));
    }

    /** The console's connections on a server, per shard entry it holds there: all but the victims. */
    private static int consolePerEntry(EmbeddedServer server, ScaleFleet scale) throws Exception {
        long entries = scale.entries().stream().filter(e -> e.server() == server).count();
        try (Connection admin = server.adminConnection(); Statement sql = admin.createStatement();
             ResultSet rs = sql.executeQuery("SELECT USER, COUNT(*) FROM information_schema.PROCESSLIST"
                     + " WHERE USER LIKE 'sc\\_%' GROUP BY USER")) {
            int worst = 0;
            while (rs.next()) {
                worst = Math.max(worst, rs.getInt(2) - SESSIONS);
            }
            return entries == 0 ? 0 : worst;
        }
    }

    /** The same fleet with TLS off on every shard, as a fleet on a trusted network may choose. */
    static Inventory withoutTls(Inventory inventory) {
        List<InstanceConfig> instances = new ArrayList<>();
        for (InstanceConfig instance : inventory.instances()) {
            instances.add(new InstanceConfig(instance.id(), instance.name(), instance.kind(), instance.region(),
                    instance.shards().stream().map(s -> s.withTls(TlsMode.DISABLED)).toList(), instance.dcdb(),
                    instance.account(), instance.tags()));
        }
        return new Inventory(inventory.source(), instances, List.of(), inventory.settings());
    }

    private static void coldList(Path inventory, String how, Path work, Map<String, String> figures)
            throws Exception {
        List<String> command = ChildJvm.command(ChildJvm.LAUNCHER_OPTIONS, Launcher.class.getName(), "list",
                "--inventory", inventory.toString(), "--data-dir", work.resolve("list-data").toString());
        double[] seconds = new double[3];
        int threads = 0;
        long rss = 0;
        for (int i = 0; i < seconds.length; i++) {
            ProcessWatch.Run run = ProcessWatch.run(command, work.resolve("list.out"), 120);
            if (run.exitCode() != 0) {
                List<String> errors = Files.readAllLines(work.resolve("list.out")).stream()
                        .filter(l -> l.startsWith("error")).toList();
                System.out.printf("list run %d exited %d with %d shards in error, e.g. %s%n", i + 1, run.exitCode(),
                        errors.size(), errors.isEmpty() ? "-" : errors.get(0));
            }
            seconds[i] = run.seconds();
            threads = Math.max(threads, run.peakThreads());
            rss = Math.max(rss, run.peakRssKb());
        }
        double median = median(seconds);
        figures.put("cold `list`, start to last line (median of 3), " + how,
                String.format("%.2f s|<= 5 s|%s", median, met(median <= 5)));
        figures.put("peak threads of `list`, " + how, threads + "|<= 100|" + met(threads <= 100));
        figures.put("peak RSS of `list` (installed launcher's JVM options), " + how,
                rss / 1024 + " MB|<= 300 MB|" + met(rss / 1024 <= 300));
    }

    private static void print(Map<String, String> figures) {
        System.out.println();
        System.out.printf("%-78s %-44s %-12s %s%n", "figure", "measured", "target", "");
        figures.forEach((figure, line) -> {
            String[] cell = line.split("\\|");
            System.out.printf("%-78s %-44s %-12s %s%n", figure, cell[0], cell[1], cell[2]);
        });
    }

    static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (Exception e) {
            // a temp dir left behind
        }
    }
}
