package com.sessionconsole.killsession;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.LockWait;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static org.assertj.core.api.Assertions.assertThat;

/** Lock chains read from real servers: row locks, metadata locks, and the kill of a root that frees a chain. */
class LockChainTest extends FleetTestSupport {
    /** A loaded machine can take a while to start the statements that wait. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private ShardLockChains chainsOf(String shardId) throws KillSessionException {
        return service.lockChains(Scope.shard(INSTANCE_A, shardId), OPERATOR).shards().get(0);
    }

    /**
     * Waits until the shard shows one chain whose tree holds {@code sessions} sessions, and returns it; a link whose
     * statement failed fails the test at once, with the server's reason.
     */
    private LockChain awaitChain(String shardId, int sessions, Victim... links) {
        LockChain[] found = new LockChain[1];
        ShardLockChains[] last = new ShardLockChains[1];
        try {
            Await.until("a lock chain of " + sessions + " sessions on " + shardId, LOCK_WAIT, () -> {
                for (Victim link : links) {
                    if (link.running().isCompletedExceptionally()) {
                        link.running().join(); // throws, with the reason
                    }
                }
                try {
                    last[0] = chainsOf(shardId);
                    List<LockChain> chains = last[0].chains();
                    found[0] = chains.size() == 1 ? chains.get(0) : null;
                    return found[0] != null && found[0].waiting() + 1 == sessions;
                } catch (KillSessionException e) {
                    throw new AssertionError(e);
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last[0], e);
        }
        return found[0];
    }

    @Test
    void aRowLockChainOfDepthThreeIsOneTreeFromItsRoot() throws Exception {
        String table = work.table(SHARD_A1, "chain_rows", 10);
        Victim root = work.transaction(SHARD_A1, false, "UPDATE " + table + " SET balance = balance + 1 WHERE id = 1");
        root.running().get(10, TimeUnit.SECONDS);
        Victim middle = work.transaction(SHARD_A1, true, "UPDATE " + table + " SET balance = 0 WHERE id = 2",
                "UPDATE " + table + " SET balance = 0 WHERE id = 1");
        Await.until("the middle link to wait", LOCK_WAIT, () -> find(SHARD_A1, middle.threadId())
                .map(Session::waitingForLock).orElse(false));
        Victim last = work.transaction(SHARD_A1, true, "UPDATE " + table + " SET balance = 0 WHERE id = 2");

        LockChain chain = awaitChain(SHARD_A1, 3, middle, last);

        assertThat(chain.kind()).isEqualTo(LockChain.Kind.ROOT_BLOCKER);
        assertThat(chain.root().sessionId()).isEqualTo(root.threadId());
        assertThat(chain.root().lockWait()).isNull();
        assertThat(chain.root().transactionAge()).isNotNull();
        assertThat(chain.frees()).isEqualTo(2);
        LockNode second = chain.root().waiters().get(0);
        assertThat(second.sessionId()).isEqualTo(middle.threadId());
        assertThat(second.lockWait().kind()).isEqualTo(LockWait.Kind.ROW);
        assertThat(second.lockWait().lockObject()).startsWith("app.chain_rows");
        assertThat(second.waitSeconds()).isNotNull();
        assertThat(second.session().statement()).endsWith("WHERE id = 1");
        assertThat(second.waiters()).extracting(LockNode::sessionId).containsExactly(last.threadId());
        assertThat(second.waiters().get(0).waiters()).isEmpty();
        assertThat(chainsOf(SHARD_A1).sources()).anyMatch(s -> s.contains("INNODB_LOCK_WAITS"));

        KillTask task = service.kill(new KillRequest(INSTANCE_A, SHARD_A1, null, List.of(root.threadId()),
                KillMode.CONNECTION, Map.of()), OPERATOR);

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
        // On the server: the root is gone, and both waiters got their locks and committed.
        middle.running().get(15, TimeUnit.SECONDS);
        last.running().get(15, TimeUnit.SECONDS);
        Await.until("the root to leave the server", () -> !serverShows(SHARD_A1, root.threadId()));
        assertThat(balances(SHARD_A1, table)).containsExactly(0L, 0L);
        // INNODB_TRX may still be the snapshot the kill read, less than 100 ms ago: the next one has no waits.
        Await.until("the chain to clear", () -> {
            try {
                return chainsOf(SHARD_A1).chains().isEmpty();
            } catch (KillSessionException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void anAlterWaitsBehindAnOpenTransactionAndSelectsWaitBehindTheAlter() throws Exception {
        String table = work.table(SHARD_A2, "chain_meta", 5);
        Victim reader = work.transaction(SHARD_A2, false, "SELECT COUNT(*) FROM " + table);
        reader.running().get(10, TimeUnit.SECONDS);
        Victim alter = work.running(SHARD_A2, "ALTER TABLE " + table + " ADD COLUMN note INT");
        Await.until("the ALTER to wait", LOCK_WAIT, () -> find(SHARD_A2, alter.threadId())
                .map(s -> "Waiting for table metadata lock".equals(s.state())).orElse(false));
        Victim select1 = work.running(SHARD_A2, "SELECT COUNT(*) FROM " + table + " WHERE balance > 0");
        Victim select2 = work.running(SHARD_A2, "SELECT MAX(balance) FROM " + table);

        LockChain chain = awaitChain(SHARD_A2, 4, alter, select1, select2);

        assertThat(chain.kind()).isEqualTo(LockChain.Kind.ROOT_BLOCKER);
        assertThat(chain.root().sessionId()).isEqualTo(reader.threadId());
        assertThat(chain.frees()).isEqualTo(3);
        LockNode ddl = chain.root().waiters().get(0);
        assertThat(chain.root().waiters()).hasSize(1);
        assertThat(ddl.sessionId()).isEqualTo(alter.threadId());
        assertThat(ddl.lockWait().kind()).isEqualTo(LockWait.Kind.METADATA);
        assertThat(ddl.lockWait().describe()).isEqualTo("metadata lock EXCLUSIVE on table app.chain_meta");
        assertThat(ddl.waiters()).extracting(LockNode::sessionId)
                .containsExactlyInAnyOrder(select1.threadId(), select2.threadId());
        assertThat(ddl.waiters()).allSatisfy(w -> assertThat(w.lockWait().mode()).isEqualTo("SHARED_READ"));
        assertThat(chainsOf(SHARD_A2).sources()).contains("metadata locks: performance_schema.metadata_locks");

        service.kill(new KillRequest(INSTANCE_A, SHARD_A2, null, List.of(reader.threadId()), KillMode.CONNECTION,
                Map.of()), OPERATOR);

        // On the server: the ALTER ran, then the SELECTs.
        alter.running().get(15, TimeUnit.SECONDS);
        select1.running().get(15, TimeUnit.SECONDS);
        select2.running().get(15, TimeUnit.SECONDS);
        assertThat(columns(SHARD_A2, "chain_meta")).contains("note");
        assertThat(chainsOf(SHARD_A2).chains()).isEmpty();
    }

    @Test
    void aShardWithoutWaitsHasNoChains() throws Exception {
        work.openTransaction(SHARD_A1, 150, 3);
        work.sleeping(SHARD_A1, 60);

        FleetLockChains all = service.lockChains(Scope.FLEET, OPERATOR);

        assertThat(all.shards()).hasSize(3).allSatisfy(shard -> {
            assertThat(shard.error()).isNull();
            assertThat(shard.chains()).isEmpty();
        });
    }

    private List<Long> balances(String shardId, String table) throws Exception {
        try (Connection admin = fleet.shard(shardId).server().adminConnection(); Statement sql = admin.createStatement();
             ResultSet rs = sql.executeQuery("SELECT balance FROM " + table + " WHERE id IN (1, 2) ORDER BY id")) {
            List<Long> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
            return values;
        }
    }

    private List<String> columns(String shardId, String table) throws Exception {
        try (Connection admin = fleet.shard(shardId).server().adminConnection(); Statement sql = admin.createStatement();
             ResultSet rs = sql.executeQuery("SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                     + " WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = '" + table + "'")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
