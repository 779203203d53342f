package com.sessionconsole.ui.app;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.Transaction;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.ShardSessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A refresh of a fleet of 1,000 shards built in memory (50 instances of 20 shards, 21 sessions each: 21,000 rows),
 * for the window's tests and benchmarks of a large fleet: no server is needed to show what the window does with it.
 * Shard {@code i} runs {@code (i + round) % 7} statements, so the busiest shards move from one round to the next;
 * every 97th shard is unreachable.
 */
public final class LargeFleet {
    public static final int INSTANCES = 50;
    public static final int SHARDS_PER_INSTANCE = 20;
    public static final int SESSIONS_PER_SHARD = 21;

    private LargeFleet() {
    }

    public static String instanceId(int instance) {
        return String.format("tdsqlshard-scale%03d", instance);
    }

    public static String shardId(int instance, int shard) {
        return String.format("shard-scale%03ds%02d", instance, shard);
    }

    public static boolean unreachable(int shardIndex) {
        return shardIndex % 97 == 96;
    }

    public static int running(int shardIndex, int round) {
        return (shardIndex + round) % 7;
    }

    public static FleetSnapshot snapshot(int round, Instant readAt) {
        List<Instance> instances = new ArrayList<>();
        List<ShardSessions> answers = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            List<Shard> shards = new ArrayList<>();
            for (int s = 0; s < SHARDS_PER_INSTANCE; s++) {
                int index = i * SHARDS_PER_INSTANCE + s;
                Shard shard = new Shard(instanceId(i), shardId(i, s), "set_" + i + "_" + s,
                        "10." + i / 250 + "." + i % 250 + "." + s + ":3306", "running");
                shards.add(shard);
                answers.add(unreachable(index)
                        ? new ShardSessions(shard, List.of(), "Connection refused", Duration.ofMillis(5))
                        : new ShardSessions(shard, sessions(shard, running(index, round), round), null, Duration.ofMillis(5)));
            }
            instances.add(new Instance(instanceId(i), "app" + i, InstanceKind.MYSQL, "running", "ap-guangzhou", shards));
        }
        return new FleetSnapshot(readAt, Duration.ofMillis(80), instances, Map.of(), answers);
    }

    private static List<Session> sessions(Shard shard, int running, int round) {
        List<Session> sessions = new ArrayList<>(SESSIONS_PER_SHARD);
        for (int n = 0; n < SESSIONS_PER_SHARD; n++) {
            long id = 100 + n;
            boolean busy = n < running;
            Transaction trx = n % 5 == 0 ? new Transaction(Instant.EPOCH, 30 + n + round, n, n, "RUNNING") : null;
            sessions.add(new Session(shard, id, "app" + n % 4, "10.9.0." + n + ":" + (40000 + n), "orders",
                    busy ? "Query" : "Sleep", busy ? 5 + n + round : 60 + round, busy ? "Sending data" : "",
                    busy ? "SELECT id, total FROM orders WHERE customer_id = " + (n * 31) : null, null, trx, null,
                    false, null));
        }
        return sessions;
    }
}
