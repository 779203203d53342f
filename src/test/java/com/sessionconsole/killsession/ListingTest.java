package com.sessionconsole.killsession;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.dcdb.DcdbTimeouts;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.mysql.MysqlTimeouts;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.INSTANCE_B;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;

class ListingTest extends FleetTestSupport {

    @Test
    void listsEveryShardWithTransactionsLocksAndBlockers() throws Exception {
        Victim idle = work.idle(SHARD_A1);
        Victim sleeper = work.sleeping(SHARD_A2, 60);
        Victim holder = work.openTransaction(SHARD_B1, 101, 3);
        Victim waiter = work.waitingForRow(SHARD_B1, 102);
        Await.until("the waiter to wait for the lock",
                () -> find(SHARD_B1, waiter.threadId()).map(Session::waitingForLock).orElse(false));

        FleetSnapshot snapshot = list();

        assertThat(snapshot.shards()).hasSize(3).allMatch(ShardSessions::ok);
        assertThat(snapshot.instances()).extracting(i -> i.id()).containsExactly(INSTANCE_A, INSTANCE_B);
        Session idleSession = session(snapshot, SHARD_A1, idle.threadId());
        assertThat(idleSession.command()).isEqualTo("Sleep");
        assertThat(idleSession.user()).isEqualTo("app");
        assertThat(idleSession.isProtected()).isFalse();
        assertThat(session(snapshot, SHARD_A2, sleeper.threadId()).statement()).isEqualTo("SELECT SLEEP(60)");

        Session holding = session(snapshot, SHARD_B1, holder.threadId());
        assertThat(holding.transaction()).isNotNull();
        assertThat(holding.transaction().rowsModified()).isEqualTo(3);
        assertThat(holding.transaction().rowsLocked()).isGreaterThanOrEqualTo(3);
        assertThat(holding.transaction().started()).isNotNull();
        assertThat(holding.waitingForLock()).isFalse();

        Session waiting = session(snapshot, SHARD_B1, waiter.threadId());
        assertThat(waiting.transaction().state()).isEqualTo("LOCK WAIT");
        assertThat(waiting.blockedBy()).isEqualTo(holder.threadId());
        assertThat(waiting.statement()).contains("WHERE id = 102");
    }

    @Test
    void theConsolesOwnConnectionsAreProtected() {
        FleetSnapshot snapshot = list();
        for (ShardSessions shard : snapshot.shards()) {
            assertThat(shard.sessions()).filteredOn(Session::ownConnection)
                    .isNotEmpty()
                    .allMatch(s -> s.protectedReason().startsWith("the console's own connection"));
        }
    }

    @Test
    void scopesNarrowToAnInstanceOrAShard() throws Exception {
        assertThat(service.listSessions(Scope.instance(INSTANCE_A), OPERATOR).shards())
                .extracting(s -> s.shard().shardId()).containsExactly(SHARD_A1, SHARD_A2);
        assertThat(service.listSessions(Scope.shard(INSTANCE_A, SHARD_A2), OPERATOR).shards())
                .extracting(s -> s.shard().shardId()).containsExactly(SHARD_A2);
    }

    @Test
    void aStoppedShardReportsItsErrorWhileTheOthersList() throws Exception {
        Victim survivor = work.idle(SHARD_A1);
        fleet.shard(SHARD_B1).server().stop();
        try {
            FleetSnapshot snapshot = list();
            ShardSessions down = snapshot.shards().stream().filter(s -> s.shard().shardId().equals(SHARD_B1))
                    .findFirst().orElseThrow();
            assertThat(down.ok()).isFalse();
            assertThat(down.error()).contains(SHARD_B1);
            assertThat(down.took()).isLessThan(ServiceOptions.DEFAULT.shardTimeout().plusSeconds(1));
            assertThat(snapshot.shards()).filteredOn(s -> !s.shard().shardId().equals(SHARD_B1))
                    .hasSize(2).allMatch(ShardSessions::ok);
            assertThat(snapshot.sessions()).anyMatch(s -> s.id() == survivor.threadId());
        } finally {
            fleet.shard(SHARD_B1).server().restart();
        }
        Await.until("the restarted shard to list again", () -> list().shards().stream().allMatch(ShardSessions::ok));
    }

    @Test
    void aHungShardNeverHoldsTheRefreshLongerThanItsTimeout() throws Exception {
        // A "server" that accepts the TCP connection and never says a word: the worst kind of shard.
        try (ServerSocket hung = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!hung.isClosed()) {
                    try {
                        accepted.add(hung.accept());
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<InstanceConfig> instances = new ArrayList<>(fleet.inventory().instances());
            instances.add(new InstanceConfig("tdsqlshard-hung0001", "hung", InstanceKind.MYSQL, "", List.of(
                    new ShardConfig("shard-hung1", "set_1_1", "127.0.0.1", hung.getLocalPort(), "console",
                            Secret.plain("x"))), null));
            ServiceOptions quick = new ServiceOptions(Duration.ofSeconds(1), 8, ServiceOptions.DEFAULT.recentTasks(),
                    ServiceOptions.DEFAULT.killTimeout());
            StandardBackends quickBackends = new StandardBackends(new MysqlTimeouts(Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofSeconds(3)), DcdbTimeouts.DEFAULT);
            try (KillSessionService withHungShard = KillSessionService.open(new Inventory(null, instances, List.of()),
                    dataDir.resolve("hung"), quick, quickBackends)) {
                long start = System.nanoTime();
                FleetSnapshot snapshot = withHungShard.listSessions(Scope.FLEET, OPERATOR);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took).isLessThan(Duration.ofMillis(1900));
                assertThat(snapshot.shards()).filteredOn(s -> s.shard().shardId().equals("shard-hung1"))
                        .singleElement().satisfies(s -> assertThat(s.error()).contains("no answer within 1 s"));
                assertThat(snapshot.shards()).filteredOn(s -> !s.shard().shardId().equals("shard-hung1"))
                        .hasSize(3).allMatch(ShardSessions::ok);
            }
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    private static Session session(FleetSnapshot snapshot, String shardId, long id) {
        return snapshot.sessions().stream().filter(s -> s.shard().shardId().equals(shardId) && s.id() == id)
                .findFirst().orElseThrow(() -> new AssertionError("no session " + id + " on " + shardId));
    }
}
