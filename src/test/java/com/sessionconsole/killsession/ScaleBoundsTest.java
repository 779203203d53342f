package com.sessionconsole.killsession;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.ScaleFleet;
import com.sessionconsole.testfleet.TestFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet of a few hundred shard entries costs the console a bounded number of threads, and each shard at most
 * one connection once a refresh is done, counted from the servers' own process lists.
 */
class ScaleBoundsTest {
    private static final int ENTRIES = 300;
    private static final Caller OPERATOR = Caller.operator("test");

    @TempDir
    Path dataDir;

    private final List<Connection> victims = new ArrayList<>();
    private ScaleFleet scale;

    @AfterEach
    void dropAccounts() throws Exception {
        for (Connection victim : victims) {
            victim.close();
        }
        if (scale != null) {
            scale.drop();
        }
    }

    @Test
    void threadsStayBoundedAndEachShardKeepsOneConnection() throws Exception {
        EmbeddedFleet fleet = TestFleet.get();
        scale = ScaleFleet.create(fleet, ENTRIES, 50);
        for (ScaleFleet.Entry entry : scale.entries()) {
            victims.add(scale.connect(entry));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        AtomicInteger peak = new AtomicInteger(before);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(threads.getThreadCount(), Math::max);
                Thread.onSpinWait();
            }
        }, "thread-sampler");
        sampler.start();
        FleetSnapshot snapshot;
        // Bounds, not speed, are measured here: a patient shard timeout keeps a loaded machine from failing it.
        ServiceOptions patient = ServiceOptions.DEFAULT.withShardTimeout(Duration.ofSeconds(60));
        try (KillSessionService service = KillSessionService.open(scale.inventory(), dataDir, patient,
                StandardBackends.create())) {
            snapshot = service.listSessions(Scope.FLEET, OPERATOR);
            FleetSnapshot again = service.listSessions(Scope.FLEET, OPERATOR);
            assertThat(again.shards()).filteredOn(s -> !s.ok()).extracting(ShardSessions::error).isEmpty();
            sampling.set(false);
            sampler.join();

            assertThat(snapshot.shards()).filteredOn(s -> !s.ok()).extracting(ShardSessions::error).isEmpty();
            assertThat(snapshot.shards()).hasSize(ENTRIES);
            // Each account sees its own sessions only: its victim and the console's one connection.
            assertThat(snapshot.shards()).allSatisfy(shard -> assertThat(shard.sessions()).hasSize(2));
            // One more thread per shard would be 300; the console's own are a fixed few dozen at most.
            assertThat(peak.get() - before).as("threads the console added, at the peak").isLessThanOrEqualTo(40);
            Map<String, Integer> connections = connectionsPerAccount(fleet);
            assertThat(connections).hasSize(ENTRIES);
            assertThat(connections.values()).as("connections per shard entry: its victim and the console's")
                    .allMatch(n -> n <= 2);
        }
    }

    private Map<String, Integer> connectionsPerAccount(EmbeddedFleet fleet) throws Exception {
        Map<String, Integer> count = new HashMap<>();
        for (EmbeddedFleet.EmbeddedShard shard : fleet.shards()) {
            try (Connection admin = shard.server().adminConnection(); Statement sql = admin.createStatement();
                 ResultSet rs = sql.executeQuery("SELECT USER, COUNT(*) FROM information_schema.PROCESSLIST"
                         + " WHERE USER LIKE 'sc\\_%' GROUP BY USER")) {
                while (rs.next()) {
                    count.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return count;
    }
}
