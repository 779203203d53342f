package com.sessionconsole.ui;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.Transaction;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.ShardSessions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Snapshots built in memory for the view model tests (no toolkit, no server). */
public final class ViewModelFixtures {
    public static final Shard A1 = new Shard("tdsqlshard-a", "shard-a1", "set_1_1", "127.0.0.1:1", "running");
    public static final Shard A2 = new Shard("tdsqlshard-a", "shard-a2", "set_1_2", "127.0.0.1:2", "running");
    public static final Shard B1 = new Shard("tdsqlshard-b", "shard-b1", "set_2_1", "127.0.0.1:3", "running");

    private ViewModelFixtures() {
    }

    public static Session session(Shard shard, long id, String user, String command, String statement) {
        return new Session(shard, id, user, "10.0.0.1:5000", "app", command, id, "", statement, null, null, null, false, null);
    }

    public static Session holder(Shard shard, long id, long rows) {
        return new Session(shard, id, "app", "10.0.0.2:1", "app", "Sleep", 30, "", null, null,
                new Transaction(Instant.EPOCH, 30, rows, rows, "RUNNING"), null, false, null);
    }

    public static Session waiter(Shard shard, long id, long blockedBy) {
        return new Session(shard, id, "app", "10.0.0.3:1", "app", "Query", 5, "Updating", "UPDATE t SET x = 1",
                null, new Transaction(Instant.EPOCH, 5, 0, 1, "LOCK WAIT"), blockedBy, false, null);
    }

    public static Session own(Shard shard, long id) {
        return new Session(shard, id, "console", "127.0.0.1:9", null, "Query", 0, "", "SHOW FULL PROCESSLIST", null,
                null, null, true, "the console's own connection");
    }

    public static FleetSnapshot snapshot(List<Session> a1, List<Session> a2, List<Session> b1, String b1Error) {
        return new FleetSnapshot(Instant.parse("2025-01-01T10:00:00Z"), Duration.ofMillis(42),
                List.of(new Instance("tdsqlshard-a", "orders", InstanceKind.MYSQL, "running", "", List.of(A1, A2)),
                        new Instance("tdsqlshard-b", "billing", InstanceKind.MYSQL, "running", "", List.of(B1))),
                Map.of(), List.of(new ShardSessions(A1, a1, null, Duration.ZERO), new ShardSessions(A2, a2, null, Duration.ZERO),
                        new ShardSessions(B1, b1, b1Error, Duration.ZERO)));
    }
}
