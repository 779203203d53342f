package com.sessionconsole.ui.locks;

import com.sessionconsole.fleet.LockWait;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.FleetLockChains;
import com.sessionconsole.killsession.LockChain;
import com.sessionconsole.killsession.LockNode;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ShardLockChains;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static com.sessionconsole.ui.ViewModelFixtures.A1;
import static com.sessionconsole.ui.ViewModelFixtures.A2;
import static com.sessionconsole.ui.ViewModelFixtures.B1;
import static com.sessionconsole.ui.ViewModelFixtures.holder;
import static com.sessionconsole.ui.ViewModelFixtures.waiter;
import static org.assertj.core.api.Assertions.assertThat;

/** The lock chains view's state without the toolkit: what it reads when, what it shows, what a kill would kill. */
class LockChainsViewModelTest {
    private final SessionsViewModel sessions = new SessionsViewModel();
    private final Deque<Runnable> work = new ArrayDeque<>();
    private final Deque<FleetLockChains> answers = new ArrayDeque<>();
    private int reads;
    private final LockChainsViewModel model = new LockChainsViewModel(sessions, new Background(work::add, Runnable::run),
            () -> {
                reads++;
                return answers.poll();
            });

    /** A root with one waiter on A1 (frees 1), a root with two on A2 (frees 2), a deadlock on B1. */
    private static FleetLockChains fleet() {
        return new FleetLockChains(Instant.parse("2025-01-01T10:00:00Z"), Duration.ofMillis(12), Map.of(), List.of(
                shard(A1, chain(LockChain.Kind.ROOT_BLOCKER, holder(A1, 1, 3), 1, waiter(A1, 2, 1))),
                shard(A2, chain(LockChain.Kind.ROOT_BLOCKER, holder(A2, 10, 5), 2, waiter(A2, 11, 10),
                        waiter(A2, 12, 10))),
                shard(B1, chain(LockChain.Kind.DEADLOCK, waiter(B1, 20, 21), 0, waiter(B1, 21, 20)))));
    }

    private static ShardLockChains shard(Shard shard, LockChain chain) {
        return new ShardLockChains(shard, List.of(chain), List.of("row locks: test"), null, null, Duration.ZERO);
    }

    private static LockChain chain(LockChain.Kind kind, Session top, int frees, Session... waiters) {
        List<LockNode> below = Arrays.stream(waiters).map(w -> new LockNode(w.id(), w,
                new LockWait(w.id(), top.id(), LockWait.Kind.ROW, "app.t (PRIMARY)", "X", 5L), List.of(), List.of()))
                .toList();
        return new LockChain(kind, new LockNode(top.id(), top, null, List.of(), below), frees, waiters.length);
    }

    private void showAndAnswer(FleetLockChains answer) {
        answers.add(answer);
        model.shownProperty().set(true);
        work.poll().run();
    }

    @Test
    void chainsAreReadWhenTheViewOpensAndAfterRefreshesOnlyWhileItShows() {
        model.refreshed();
        assertThat(work).isEmpty();

        showAndAnswer(fleet());
        assertThat(reads).isEqualTo(1);
        assertThat(model.tabTitle().get()).isEqualTo("Lock chains (3)");
        assertThat(model.statusProperty().get()).startsWith("3 chains, 4 waiting sessions   ·   read ");

        model.shownProperty().set(false);
        model.refreshed();
        assertThat(work).isEmpty();
    }

    @Test
    void withNothingChosenEveryKillableRootIsTheTarget() {
        showAndAnswer(fleet());

        assertThat(model.targetsProperty().get().roots().keySet()).extracting(Session::id).containsExactly(1L, 10L);
        assertThat(model.targetsProperty().get().frees()).isEqualTo(3);
        assertThat(model.killText().get()).isEqualTo("Kill all 2 root blockers (frees 3)");
    }

    @Test
    void choosingAWaiterTargetsTheRootOfItsChainAndSurvivesAReload() {
        showAndAnswer(fleet());
        LockRow waiterOnA2 = model.shards().get(1).children().get(0).children().get(1);

        model.choose(List.of(waiterOnA2));
        assertThat(model.killText().get()).isEqualTo("Kill 1 root blocker (frees 2)");

        answers.add(fleet());
        model.reload();
        work.poll().run();
        assertThat(model.chosen(model.shards().get(1).children().get(0).children().get(1))).isTrue();
        assertThat(model.targetsProperty().get().roots().keySet()).extracting(Session::id).containsExactly(10L);
    }

    @Test
    void aDeadlockAloneOffersNothingToKill() {
        showAndAnswer(fleet());
        model.choose(List.of(model.shards().get(2)));

        assertThat(model.nothingToKill().get()).isTrue();
        assertThat(model.killText().get()).isEqualTo("Kill root blockers");
    }

    @Test
    void theFleetTreesScopeNarrowsTheChains() {
        showAndAnswer(fleet());
        sessions.scopeProperty().set(Scope.shard("tdsqlshard-a", "shard-a2"));

        assertThat(model.shards()).extracting(r -> r.shard().shard().shardId()).containsExactly("shard-a2");
        assertThat(model.tabTitle().get()).isEqualTo("Lock chains (1)");
    }

    @Test
    void anOlderAnswerArrivingLateIsDropped() {
        answers.add(fleet());
        model.shownProperty().set(true);
        Runnable first = work.poll();
        answers.clear();
        answers.add(new FleetLockChains(Instant.EPOCH, Duration.ZERO, Map.of(), List.of()));
        model.reload();
        work.poll().run();
        answers.add(fleet());
        first.run();

        assertThat(model.shards()).isEmpty();
        assertThat(model.statusProperty().get()).startsWith("No lock waits");
    }
}
