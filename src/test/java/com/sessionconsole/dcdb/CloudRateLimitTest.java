package com.sessionconsole.dcdb;

import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.ScaleFleet;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillResult;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ShardSessions;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.CloudFleet;
import com.sessionconsole.testfleet.TestFleet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cloud instances against {@code serve} with the contract's default limit of 20 requests per second per SecretId
 * and action (on the real clock), through the official SDK: every shard of large instances is listed, and a mass
 * kill ends every session, without a RequestLimitExceeded reaching the operator. Outcomes and counts are asserted,
 * never times.
 */
class CloudRateLimitTest {
    private static final Caller OPERATOR = Caller.operator("test");

    @TempDir
    Path dataDir;

    private CloudFleet cloud;
    private DcdbBackends dcdb;
    private KillSessionService console;
    private final List<Connection> victims = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        if (dcdb != null) {
            // Not asserted (it depends on the machine's timing): how often the API still said RequestLimitExceeded.
            System.out.println("calls sent " + dcdb.sentCalls() + "; RequestLimitExceeded answers, retried: "
                    + dcdb.limitAnswers());
        }
        if (console != null) {
            console.close();
        }
        for (Connection victim : victims) {
            victim.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private KillSessionService console(List<InstanceConfig> entries) throws Exception {
        dcdb = new DcdbBackends(CloudFleet.PATIENT_API);
        console = KillSessionService.open(CloudFleet.inventory(entries), dataDir.resolve("console"),
                CloudFleet.PATIENT, dcdb);
        return console;
    }

    @Test
    void anInstanceOf64ShardsListsEveryShard() throws Exception {
        cloud = CloudFleet.start(dataDir, 64, 64);
        console(List.of(cloud.instanceEntry("tdsqlshard-scale0001")));

        FleetSnapshot first = console.listSessions(Scope.FLEET, OPERATOR);
        FleetSnapshot again = console.listSessions(Scope.FLEET, OPERATOR); // at once: the lanes are spent

        for (FleetSnapshot snapshot : List.of(first, again)) {
            assertThat(snapshot.instanceErrors()).isEmpty();
            assertThat(snapshot.shards()).hasSize(64);
            assertThat(snapshot.shards()).filteredOn(s -> !s.ok()).extracting(ShardSessions::error).isEmpty();
            // Each shard entry's account sees its own sessions only: serve's connection to it.
            assertThat(snapshot.shards()).allSatisfy(s -> assertThat(s.sessions()).isNotEmpty());
        }
        assertThat(again.pace()).isNotNull();
        assertThat(again.pace().action()).isEqualTo("DescribeProcessList");
        assertThat(again.pace().calls()).isEqualTo(64);
        assertThat(again.pace().perSecond()).isEqualTo(20);
        assertThat(dcdb.sentCalls().get("DescribeProcessList")).isGreaterThanOrEqualTo(128);
    }

    @Test
    void threeInstancesOf40ShardsOnOneSecretIdRefreshFully() throws Exception {
        cloud = CloudFleet.start(dataDir, 120, 40);
        List<InstanceConfig> entries = cloud.instanceIds().stream().map(cloud::instanceEntry).toList();
        assertThat(entries).hasSize(3);
        console(entries);

        for (int round = 0; round < 3; round++) {
            FleetSnapshot snapshot = console.listSessions(Scope.FLEET, OPERATOR);
            assertThat(snapshot.instanceErrors()).as("round %d", round).isEmpty();
            assertThat(snapshot.shards()).as("round %d", round).hasSize(120);
            assertThat(snapshot.shards()).as("round %d", round).filteredOn(s -> !s.ok())
                    .extracting(ShardSessions::error).isEmpty();
            // The three instances share the SecretId's lane: the pace counts them together.
            assertThat(snapshot.pace().calls()).isEqualTo(120);
            assertThat(snapshot.pace().least()).isEqualTo(Duration.ofSeconds(6));
        }
    }

    @Test
    void aKillOf1000SessionsAcross40ShardsEndsEverySessionKilled() throws Exception {
        EmbeddedFleet fleet = TestFleet.get();
        Map<Integer, Integer> before = maxConnections(fleet, 900);
        try {
            cloud = CloudFleet.start(dataDir, 40, 40);
            ScaleFleet scale = cloud.scale();
            Map<String, String> userOfShard = new HashMap<>();
            for (ScaleFleet.Entry entry : scale.entries()) {
                userOfShard.put(entry.shardId(), entry.user());
                for (int i = 0; i < 25; i++) {
                    victims.add(scale.connect(entry));
                }
            }
            console(List.of(cloud.instanceEntry("tdsqlshard-scale0001")));
            FleetSnapshot shown = console.listSessions(Scope.FLEET, OPERATOR);
            assertThat(shown.shards()).filteredOn(s -> !s.ok()).extracting(ShardSessions::error).isEmpty();

            // What the window sends for a selection of every victim: one request per shard, its 25 sessions.
            List<KillRequest> requests = new ArrayList<>();
            for (ShardSessions shard : shown.shards()) {
                List<Long> ids = shard.sessions().stream().filter(s -> !s.isProtected())
                        .filter(s -> userOfShard.get(shard.shard().shardId()).equals(s.user()))
                        .map(Session::id).toList();
                requests.add(KillRequest.of(shard.shard().instanceId(), shard.shard().shardId(), ids, null));
            }
            assertThat(requests).hasSize(40);
            assertThat(requests.stream().mapToInt(r -> r.sessionIds().size()).sum()).isEqualTo(1000);
            assertThat(console.killPace(requests).action()).isIn("DescribeProcessList", "KillSession", "DescribeFlow");

            List<KillResult> results = console.killAll(requests, OPERATOR);

            List<SessionOutcome> outcomes = new ArrayList<>();
            for (KillResult result : results) {
                assertThat(result.error()).as("request on %s", result.request().shardId()).isNull();
                assertThat(result.task().status()).isEqualTo(TaskStatus.SUCCESS);
                outcomes.addAll(result.task().outcomes());
            }
            assertThat(outcomes).hasSize(1000);
            assertThat(outcomes).extracting(SessionOutcome::outcome).containsOnly(Outcome.KILLED);
            assertThat(outcomes).extracting(SessionOutcome::message).noneMatch(m -> m.contains("RequestLimitExceeded"));
            Await.until("every victim's connection to be gone", Duration.ofSeconds(60),
                    () -> victimsLeft(fleet) == 0);
        } finally {
            restoreMaxConnections(fleet, before);
        }
    }

    /** Victims still connected: sessions of the scale accounts in schema app (serve's own have no schema). */
    private static int victimsLeft(EmbeddedFleet fleet) {
        int left = 0;
        for (EmbeddedFleet.EmbeddedShard shard : fleet.shards()) {
            try (Connection admin = shard.server().adminConnection(); Statement sql = admin.createStatement();
                 ResultSet rs = sql.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER LIKE"
                         + " 'sc\\_%' AND (DB = 'app')")) {
                rs.next();
                left += rs.getInt(1);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return left;
    }

    /** 1,000 victims and serve's connections need more than the shared fleet's 300 per server, for this test. */
    private static Map<Integer, Integer> maxConnections(EmbeddedFleet fleet, int wanted) throws Exception {
        Map<Integer, Integer> before = new HashMap<>();
        for (EmbeddedFleet.EmbeddedShard shard : fleet.shards()) {
            try (Connection admin = shard.server().adminConnection(); Statement sql = admin.createStatement()) {
                try (ResultSet rs = sql.executeQuery("SELECT @@max_connections")) {
                    rs.next();
                    before.put(shard.server().port(), rs.getInt(1));
                }
                sql.execute("SET GLOBAL max_connections = " + wanted);
            }
        }
        return before;
    }

    private static void restoreMaxConnections(EmbeddedFleet fleet, Map<Integer, Integer> before) throws Exception {
        for (EmbeddedFleet.EmbeddedShard shard : fleet.shards()) {
            Integer was = before.get(shard.server().port());
            if (was != null) {
                try (Connection admin = shard.server().adminConnection(); Statement sql = admin.createStatement()) {
                    sql.execute("SET GLOBAL max_connections = " + was);
                }
            }
        }
    }
}
