package com.sessionconsole.killsession;

import com.sessionconsole.fleet.LockGraph;
import com.sessionconsole.fleet.LockWait;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The reduction of a waits-for graph to chains, on graphs made by hand: shapes real servers rarely hold still. */
class LockChainsTest {
    private static final Shard SHARD = new Shard("tdsqlshard-x", "shard-x1", "set_1_1", "127.0.0.1:3306", "ok");

    private static List<LockChain> chains(List<LockWait> waits, long... ids) {
        List<Session> sessions = new ArrayList<>();
        LongStream.of(ids).forEach(id -> sessions.add(new Session(SHARD, id, "app", "10.0.0.1:5000", "app", "Query",
                id, "", "UPDATE t SET v = 1 WHERE id = " + id, null, null, null, false, null)));
        return LockChains.of(new LockGraph(sessions, waits, List.of(), null));
    }

    private static LockWait row(long waiter, Long blocker) {
        return new LockWait(waiter, blocker, LockWait.Kind.ROW, "app.t (PRIMARY)", "X", 5L);
    }

    @Test
    void aChainIsFollowedToItsEnd() {
        List<LockChain> chains = chains(List.of(row(2, 1L), row(3, 2L), row(4, 3L)), 1, 2, 3, 4);

        assertThat(chains).hasSize(1);
        LockChain chain = chains.get(0);
        assertThat(chain.kind()).isEqualTo(LockChain.Kind.ROOT_BLOCKER);
        assertThat(chain.root().sessionId()).isEqualTo(1);
        assertThat(chain.frees()).isEqualTo(3);
        assertThat(chain.waiting()).isEqualTo(3);
        assertThat(chain.root().flatten()).extracting(LockNode::sessionId).containsExactly(1L, 2L, 3L, 4L);
        assertThat(chain.killable()).isTrue();
    }

    @Test
    void aSessionWaitingForTwoRootsShowsUnderBothAndIsFreedByNeither() {
        // 3 waits for 1 and for 2; 4 waits for 1 only.
        List<LockChain> chains = chains(List.of(row(3, 1L), row(3, 2L), row(4, 1L)), 1, 2, 3, 4);

        assertThat(chains).extracting(c -> c.root().sessionId()).containsExactly(1L, 2L);
        assertThat(chains.get(0).frees()).isEqualTo(1);
        assertThat(chains.get(0).waiting()).isEqualTo(2);
        assertThat(chains.get(1).frees()).isZero();
        LockNode underTwo = chains.get(1).root().waiters().get(0);
        assertThat(underTwo.sessionId()).isEqualTo(3);
        assertThat(underTwo.alsoWaitsFor()).containsExactly(1L);
    }

    @Test
    void killingBothRootsFreesTheSessionWaitingForBoth() {
        List<LockChain> chains = chains(List.of(row(3, 1L), row(3, 2L), row(4, 1L), row(5, 3L)), 1, 2, 3, 4, 5);
        ShardLockChains shard = new ShardLockChains(SHARD, chains, List.of(), null, null, Duration.ZERO);

        assertThat(shard.freedBy(Set.of(1L))).isEqualTo(1);
        assertThat(shard.freedBy(Set.of(2L))).isZero();
        assertThat(shard.freedBy(Set.of(1L, 2L))).isEqualTo(3);
    }

    @Test
    void theRootThatFreesMostComesFirst() {
        List<LockChain> chains = chains(List.of(row(2, 1L), row(11, 10L), row(12, 10L)), 1, 2, 10, 11, 12);

        assertThat(chains).extracting(c -> c.root().sessionId()).containsExactly(10L, 1L);
    }

    @Test
    void aCycleIsShownOnceAsADeadlockAndNotFollowedForever() {
        // 1 and 2 wait for each other; 3 waits for 2.
        List<LockChain> chains = chains(List.of(row(1, 2L), row(2, 1L), row(3, 2L)), 1, 2, 3);

        assertThat(chains).hasSize(1);
        LockChain chain = chains.get(0);
        assertThat(chain.kind()).isEqualTo(LockChain.Kind.DEADLOCK);
        assertThat(chain.killable()).isFalse();
        assertThat(chain.root().lockWait()).isNotNull();
        assertThat(chain.root().flatten()).extracting(LockNode::sessionId).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void aWaiterWhoseHolderIsNotNamedIsItsOwnChain() {
        List<LockChain> chains = chains(List.of(new LockWait(5, null, LockWait.Kind.METADATA, "", "", 30L),
                row(6, 5L)), 5, 6);

        assertThat(chains).hasSize(1);
        assertThat(chains.get(0).kind()).isEqualTo(LockChain.Kind.HOLDER_UNKNOWN);
        assertThat(chains.get(0).root().waitSeconds()).isEqualTo(30L);
        assertThat(chains.get(0).root().waiters()).extracting(LockNode::sessionId).containsExactly(6L);
        assertThat(chains.get(0).killable()).isFalse();
    }

    @Test
    void aHolderMissingFromTheProcessListIsStillTheRoot() {
        List<LockChain> chains = chains(List.of(row(2, 99L)), 2);

        assertThat(chains.get(0).root().sessionId()).isEqualTo(99);
        assertThat(chains.get(0).root().session()).isNull();
        assertThat(chains.get(0).killable()).isFalse();
    }
}
