package com.sessionconsole.bench;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.EmbeddedFleet.EmbeddedShard;
import com.sessionconsole.demo.EmbeddedFleet.InstanceSpec;
import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillResult;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ServiceOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.sessionconsole.bench.Figures.median;

/**
 * The foundation's benchmark: a 4-shard embedded fleet with 3,000 idle sessions, and in one run, side by side,
 * <ol>
 *   <li>a full fleet refresh through the service vs. a bare {@code SHOW FULL PROCESSLIST} on each shard one after
 *       another over plain JDBC (target ratio at most 1.2);</li>
 *   <li>the time until all 3,000 sessions are gone through KillSession (audit included, requests of 100 ids
 *       as the contract allows, sent together through {@code killAll} as the window sends a selection) vs. a
 *       bare single-connection {@code KILL id} loop per shard, one shard after another (target ratio at most
 *       0.7).</li>
 * </ol>
 * Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.sessionconsole.bench.FleetBenchmark}
 */
public final class FleetBenchmark {
    private static final int SHARDS = 4;
    private static final int SESSIONS = 3000;
    private static final int REFRESH_ROUNDS = 30;
    private static final int KILL_ROUNDS = 7;
    private static final int WARM_UP_ROUNDS = 2;

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("Starting a %d-shard embedded fleet...%n", SHARDS);
        try (EmbeddedFleet fleet = EmbeddedFleet.start(List.of(new InstanceSpec("tdsqlshard-bench0001", "bench-a", 2),
                new InstanceSpec("tdsqlshard-bench0002", "bench-b", 2)), 2 * SESSIONS / SHARDS + 200)) {
            Path data = Files.createTempDirectory("session-console-bench");
            try (KillSessionService service = KillSessionService.open(fleet.inventory(), data, ServiceOptions.DEFAULT, StandardBackends.create());
                 Connections bare = new Connections(fleet)) {
                Map<EmbeddedShard, List<Connection>> idle = openIdle(fleet);
                System.out.printf("%d idle sessions open.%n", SESSIONS);
                double[] refresh = refresh(service, bare);
                closeAll(idle);
                bare.awaitNoApp();
                double[] kill = kill(fleet, service, bare);
                System.out.println();
                System.out.printf("refresh 3,000 sessions / 4 shards: service %.2f ms, bare sequential SHOW FULL PROCESSLIST"
                        + " %.2f ms (medians of %d)%n", refresh[0], refresh[1], REFRESH_ROUNDS);
                System.out.printf("kill 3,000 sessions until gone:   service %.1f ms, bare single-connection KILL loop"
                        + " %.1f ms (medians of %d)%n", kill[0], kill[1], KILL_ROUNDS);
                System.out.printf("refresh ratio service/bare: %.2f (target <= 1.2)%n", refresh[0] / refresh[1]);
                System.out.printf("kill ratio service/bare:    %.2f (target <= 0.7)%n", kill[0] / kill[1]);
            }
        }
        System.exit(0);
    }

    private static double[] refresh(KillSessionService service, Connections bare) throws Exception {
        Caller caller = Caller.operator("bench");
        for (int i = 0; i < 5; i++) { // warm up both paths: pools, JIT, server caches
            service.listSessions(Scope.FLEET, caller);
            bare.showProcesslistEverywhere();
        }
        double[] ours = new double[REFRESH_ROUNDS];
        double[] theirs = new double[REFRESH_ROUNDS];
        for (int i = 0; i < REFRESH_ROUNDS; i++) { // interleaved, so drift hits both alike
            long start = System.nanoTime();
            FleetSnapshot snapshot = service.listSessions(Scope.FLEET, caller);
            ours[i] = (System.nanoTime() - start) / 1e6;
            if (snapshot.sessions().size() < SESSIONS || snapshot.shardsInError() > 0) {
                throw new IllegalStateException("the refresh missed sessions: " + snapshot.sessions().size());
            }
            start = System.nanoTime();
            int rows = bare.showProcesslistEverywhere();
            theirs[i] = (System.nanoTime() - start) / 1e6;
            if (rows < SESSIONS) {
                throw new IllegalStateException("the bare refresh missed sessions: " + rows);
            }
        }
        return new double[] {median(ours), median(theirs)};
    }

    private static double[] kill(EmbeddedFleet fleet, KillSessionService service, Connections bare) throws Exception {
        double[] ours = new double[KILL_ROUNDS];
        double[] theirs = new double[KILL_ROUNDS];
        // The first rounds warm both paths up (pools, TLS sessions, JIT) and are not counted.
        for (int round = -WARM_UP_ROUNDS; round < KILL_ROUNDS; round++) {
            Map<EmbeddedShard, List<Connection>> victims = openIdle(fleet);
            long start = System.nanoTime();
            for (Map.Entry<EmbeddedShard, List<Connection>> shard : victims.entrySet()) {
                bare.killLoop(shard.getKey(), ids(shard.getValue()));
            }
            double bareSent = (System.nanoTime() - start) / 1e6;
            bare.awaitNoApp();
            double bareMs = (System.nanoTime() - start) / 1e6;
            closeAll(victims);
            bare.awaitNoApp();

            victims = openIdle(fleet);
            List<KillRequest> requests = new ArrayList<>();
            for (Map.Entry<EmbeddedShard, List<Connection>> shard : victims.entrySet()) {
                List<Long> ids = ids(shard.getValue());
                for (int from = 0; from < ids.size(); from += KillSessionService.MAX_SESSION_IDS) {
                    requests.add(KillRequest.of(shard.getKey().instanceId(), shard.getKey().shardId(),
                            ids.subList(from, Math.min(ids.size(), from + KillSessionService.MAX_SESSION_IDS)),
                            KillMode.CONNECTION));
                }
            }
            start = System.nanoTime();
            // As the window sends a selection: one request per 100 sessions, all through killAll.
            for (KillResult result : service.killAll(requests, Caller.operator("bench"))) {
                if (result.error() != null || result.task().status() != TaskStatus.SUCCESS) {
                    throw new IllegalStateException("a kill task failed: " + result);
                }
            }
            double oursSent = (System.nanoTime() - start) / 1e6;
            bare.awaitNoApp();
            double oursMs = (System.nanoTime() - start) / 1e6;
            closeAll(victims);
            bare.awaitNoApp();
            System.out.printf("kill round %s: service %.1f ms (tasks done at %.1f), bare %.1f ms (KILLs sent at %.1f)%n",
                    round < 0 ? "warm-up" : String.valueOf(round + 1), oursMs, oursSent, bareMs, bareSent);
            if (round >= 0) {
                ours[round] = oursMs;
                theirs[round] = bareMs;
            }
        }
        return new double[] {median(ours), median(theirs)};
    }

    /** 3,000 idle application sessions spread evenly over the shards, opened in parallel. */
    private static Map<EmbeddedShard, List<Connection>> openIdle(EmbeddedFleet fleet) throws Exception {
        Map<EmbeddedShard, List<Connection>> sessions = new LinkedHashMap<>();
        ExecutorService openers = Executors.newFixedThreadPool(16);
        try {
            Map<EmbeddedShard, List<Future<Connection>>> pending = new LinkedHashMap<>();
            for (EmbeddedShard shard : fleet.shards()) {
                List<Future<Connection>> futures = new ArrayList<>();
                for (int i = 0; i < SESSIONS / SHARDS; i++) {
                    futures.add(openers.submit(() -> fleet.appConnection(shard.shardId())));
                }
                pending.put(shard, futures);
            }
            for (Map.Entry<EmbeddedShard, List<Future<Connection>>> entry : pending.entrySet()) {
                List<Connection> connections = new ArrayList<>();
                for (Future<Connection> future : entry.getValue()) {
                    connections.add(future.get());
                }
                sessions.put(entry.getKey(), connections);
            }
        } finally {
            openers.shutdown();
        }
        return sessions;
    }

    private static List<Long> ids(List<Connection> connections) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (Connection connection : connections) {
            ids.add(connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId());
        }
        return ids;
    }

    private static void closeAll(Map<EmbeddedShard, List<Connection>> sessions) {
        sessions.values().forEach(list -> list.forEach(c -> {
            try {
                c.abort(Runnable::run);
            } catch (Exception ignored) {
                // killed already
            }
        }));
    }

    /** One plain JDBC connection per shard: the baseline, as a DBA's script would do it. */
    private static final class Connections implements AutoCloseable {
        private final Map<EmbeddedShard, Connection> byShard = new LinkedHashMap<>();

        /** Connected like the console's pools: the same account and the driver's default transport (TLS if offered). */
        Connections(EmbeddedFleet fleet) throws Exception {
            for (EmbeddedShard shard : fleet.shards()) {
                var config = fleet.inventory().instance(shard.instanceId()).orElseThrow().shards().stream()
                        .filter(s -> s.shardId().equals(shard.shardId())).findFirst().orElseThrow();
                byShard.put(shard, java.sql.DriverManager.getConnection("jdbc:mysql://127.0.0.1:"
                        + shard.server().port() + "/", config.user(), config.password().resolve()));
            }
        }

        int showProcesslistEverywhere() throws Exception {
            int rows = 0;
            for (Connection connection : byShard.values()) {
                try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery("SHOW FULL PROCESSLIST")) {
                    while (rs.next()) {
                        rs.getLong(1);
                        rs.getString(2);
                        rs.getString(3);
                        rs.getString(4);
                        rs.getString(5);
                        rs.getLong(6);
                        rs.getString(7);
                        rs.getString(8);
                        rows++;
                    }
                }
            }
            return rows;
        }

        void killLoop(EmbeddedShard shard, List<Long> ids) throws Exception {
            try (Statement sql = byShard.get(shard).createStatement()) {
                for (long id : ids) {
                    sql.execute("KILL " + id);
                }
            }
        }

        /** Waits (polling after the kills were sent, so it does not slow them) until no app session is left. */
        void awaitNoApp() throws Exception {
            for (Connection connection : byShard.values()) {
                while (true) {
                    try (Statement sql = connection.createStatement();
                         ResultSet rs = sql.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                                 + " WHERE USER = 'app'")) {
                        rs.next();
                        if (rs.getInt(1) == 0) {
                            break;
                        }
                    }
                    Thread.sleep(2);
                }
            }
        }

        @Override
        public void close() throws Exception {
            for (Connection connection : byShard.values()) {
                connection.close();
            }
        }
    }
}
