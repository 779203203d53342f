package com.sessionconsole.bench;

import com.sessionconsole.Launcher;
import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.EmbeddedFleet.EmbeddedShard;
import com.sessionconsole.demo.EmbeddedFleet.InstanceSpec;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.fleet.inventory.ShardConfig;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.bench.Figures.median;

/**
 * Kill by rule, side by side with pt-kill: 4 embedded shards, each with 750 sessions of the rule's user
 * ({@code report}) and 750 of another ({@code billing}, its own account): {@code SELECT SLEEP(3600)} by default,
 * as the rules issue sets it up, or idle connections with {@code -Dvictims=idle} (see {@link Sleepers}). Measured: the time from
 * start until every {@code report} session is gone, checked on the servers,
 * <ul>
 *   <li>the console: ONE {@code session-console kill --match-user report --cap 3000 --yes} process with the installed
 *       launcher's JVM options, as a DBA runs it;</li>
 *   <li>pt-kill: 4 processes started at once, one per shard ({@code --match-user report --victims all --kill
 *       --run-time 1 --interval 0.1}).</li>
 * </ul>
 * Targets: the console at least 5 times faster to gone; not one {@code billing} session killed. The two alternate
 * for several rounds; medians are reported. pt-kill comes from Debian's percona-toolkit package
 * ({@code apt-get install -y percona-toolkit}); without it the console is measured alone, and the output says so.
 * Both speak to the servers in clear, as pt-kill does (its DBD::mysql connections do not ask for TLS);
 * {@code -Dtls=preferred} gives the console the TLS the servers offer.
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.sessionconsole.bench.RuleKillBenchmark [-Dvictims=idle] [-Dtls=preferred]}
 */
public final class RuleKillBenchmark {
    static final int SHARDS = 4;
    static final int PER_USER = 750;
    private static final int ROUNDS = 3;
    private static final int WARM_UP_ROUNDS = 1;
    static final String RULE_USER = "report";
    static final String OTHER_USER = "billing";
    /** A contender that has not ended every session by then has failed the round. */
    static final long GONE_LIMIT_SECONDS = 180;

    private RuleKillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path ptKill = onPath("pt-kill");
        if (ptKill == null) {
            System.out.println("pt-kill is not installed: install Debian's percona-toolkit package"
                    + " (apt-get install -y percona-toolkit) to measure it too. Measuring the console ALONE.");
        }
        System.out.printf("Starting a %d-shard embedded fleet...%n", SHARDS);
        try (EmbeddedFleet fleet = EmbeddedFleet.start(List.of(new InstanceSpec("tdsqlshard-bench0001", "bench-a", 2),
                new InstanceSpec("tdsqlshard-bench0002", "bench-b", 2)), 3 * PER_USER + 300);
             Sleepers sleepers = new Sleepers(fleet, Sleepers.Kind.valueOf(
                     System.getProperty("victims", "sleep").toUpperCase(Locale.ROOT)))) {
            Path work = Files.createTempDirectory("session-console-rulebench");
            Path inventory = work.resolve("inventory.yaml");
            // pt-kill (DBD::mysql without mysql_ssl) speaks to the servers in clear: the console does too, unless
            // -Dtls=preferred asks for the TLS the servers offer.
            String tlsMode = System.getProperty("tls", "disabled");
            if (!tlsMode.equals("disabled") && !tlsMode.equals("preferred")) {
                throw new IllegalArgumentException("-Dtls: '" + tlsMode + "' (expected disabled or preferred)");
            }
            boolean tls = tlsMode.equals("preferred");
            InventoryWriter.write(tls ? fleet.inventory() : FleetScaleBenchmark.withoutTls(fleet.inventory()), inventory);
            System.out.println(tls ? "The console uses TLS; pt-kill does not." : "Neither contender uses TLS.");
            sleepers.open(OTHER_USER, PER_USER);
            Set<Long> others = sleepers.ids(OTHER_USER);
            System.out.printf("%d %s sessions open (the ones to keep).%n", others.size(), OTHER_USER);
            double[] console = new double[ROUNDS];
            double[] perl = new double[ROUNDS];
            for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
                String label = round < 0 ? "warm-up" : "round " + (round + 1);
                // Alternate who goes first, so drift in the machine's load hits both alike.
                boolean consoleFirst = round % 2 == 0;
                double ours = 0;
                double theirs = 0;
                for (int turn = 0; turn < 2; turn++) {
                    boolean consoleTurn = (turn == 0) == consoleFirst;
                    if (!consoleTurn && ptKill == null) {
                        continue;
                    }
                    sleepers.open(RULE_USER, PER_USER);
                    double seconds = consoleTurn ? console(sleepers, inventory, work.resolve("data"), work)
                            : ptKill(sleepers, fleet, ptKill, work);
                    if (Double.isInfinite(seconds)) {
                        System.out.printf("  %s left %d %s sessions after %d s; ended by the benchmark%n",
                                consoleTurn ? "the console" : "pt-kill", sleepers.left(RULE_USER), RULE_USER,
                                GONE_LIMIT_SECONDS);
                        sleepers.killAll(RULE_USER);
                        if (Double.isInfinite(sleepers.awaitGone(RULE_USER, System.nanoTime(), 5 * GONE_LIMIT_SECONDS))) {
                            throw new IllegalStateException(RULE_USER + " sessions outlive KILL USER");
                        }
                    }
                    if (!sleepers.ids(OTHER_USER).equals(others)) {
                        throw new IllegalStateException("a " + OTHER_USER + " session was killed by "
                                + (consoleTurn ? "the console" : "pt-kill"));
                    }
                    sleepers.reap(RULE_USER);
                    if (consoleTurn) {
                        ours = seconds;
                    } else {
                        theirs = seconds;
                    }
                }
                System.out.printf("%s: console %.0f ms%s; %s sessions all kept%n", label, ours * 1000,
                        ptKill == null ? "" : String.format(", pt-kill %.0f ms", theirs * 1000), OTHER_USER);
                if (round >= 0) {
                    console[round] = ours;
                    perl[round] = theirs;
                }
            }
            System.out.println();
            System.out.printf("kill %d sessions of user %s on %d shards (each also holding %d of %s) until gone on"
                    + " the servers, medians of %d rounds:%n", SHARDS * PER_USER, RULE_USER, SHARDS, PER_USER,
                    OTHER_USER, ROUNDS);
            System.out.printf("  console (one kill --match-user process, cold JVM): %.0f ms%n", median(console) * 1000);
            if (ptKill == null) {
                System.out.println("  pt-kill: not installed, not measured (apt-get install -y percona-toolkit)");
            } else {
                System.out.printf("  pt-kill (4 processes, one per shard):             %.0f ms%n", median(perl) * 1000);
                System.out.printf("  ratio pt-kill / console: %.1f (target >= 5)%n", median(perl) / median(console));
            }
            System.out.printf("  %s sessions killed: 0 in every round (target 0)%n", OTHER_USER);
        }
        System.exit(0);
    }

    /** One {@code kill --match-user} process; seconds from its start until no rule-user session is left. */
    private static double console(Sleepers sleepers, Path inventory, Path data, Path work) throws Exception {
        // --cap: a rule kills at most 1,000 sessions per round unless told otherwise; these are 3,000.
        List<String> command = ChildJvm.command(ChildJvm.LAUNCHER_OPTIONS, Launcher.class.getName(), "kill",
                "--match-user", RULE_USER, "--cap", String.valueOf(SHARDS * PER_USER), "--yes", "--inventory", inventory.toString(), "--data-dir", data.toString());
        Path output = work.resolve("console.out");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        double gone = sleepers.awaitGone(RULE_USER, start, GONE_LIMIT_SECONDS);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the console's kill did not end: " + Files.readString(output));
        }
        if (process.exitValue() != 0) {
            // The time to gone is what counts; say what the console reported about the sessions it could not end.
            List<String> lines = Files.readAllLines(output);
            System.out.printf("  the console exited %d: %s; %d session(s) reported not ended%n", process.exitValue(),
                    lines.stream().filter(l -> l.startsWith("Rule ")).reduce((a, b) -> b).orElse("?"),
                    lines.stream().filter(l -> l.startsWith("error: shard")).count());
        }
        return gone;
    }

    /** pt-kill, one process per shard, started at once; seconds until no rule-user session is left. */
    private static double ptKill(Sleepers sleepers, EmbeddedFleet fleet, Path ptKill, Path work) throws Exception {
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        for (EmbeddedShard shard : fleet.shards()) {
            ShardConfig account = fleet.inventory().instance(shard.instanceId()).orElseThrow().shards().stream()
                    .filter(s -> s.shardId().equals(shard.shardId())).findFirst().orElseThrow();
            // --no-version-check: pt-kill would otherwise call Percona's server at start.
            List<String> command = List.of(ptKill.toString(), "--no-version-check", "--host", "127.0.0.1", "--port",
                    String.valueOf(shard.server().port()), "--user", account.user(), "--password",
                    account.password().resolve(), "--match-user", RULE_USER, "--victims", "all", "--kill",
                    "--run-time", "1", "--interval", "0.1");
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("pt-kill-" + shard.shardId() + ".out").toFile()).start());
        }
        double gone = sleepers.awaitGone(RULE_USER, start, GONE_LIMIT_SECONDS);
        for (Process process : processes) {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("pt-kill failed; see " + work);
            }
        }
        return gone;
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
