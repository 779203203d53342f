package com.sessionconsole.dcdb;

import com.sessionconsole.dcdb.RateLimits.Priority;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The lanes' arithmetic on a clock the test moves: turns, bursts, priorities, deadlines, shared rates. */
class RateLimitsTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final List<long[]> wakeTimes = new ArrayList<>();
    private final List<Runnable> wakeTasks = new ArrayList<>();
    private final RateLimits limits = new RateLimits(clock::get, (delay, task) -> {
        long[] at = {clock.get() + delay};
        wakeTimes.add(at);
        wakeTasks.add(task);
        return () -> at[0] = Long.MAX_VALUE;
    });

    /** Moves the clock and runs the wake-ups that are due by then, as the scheduler would. */
    private void advance(long millis) {
        clock.addAndGet(millis * MS);
        for (int i = 0; i < wakeTasks.size(); i++) {
            if (wakeTimes.get(i)[0] <= clock.get()) {
                wakeTimes.get(i)[0] = Long.MAX_VALUE;
                wakeTasks.get(i).run();
            }
        }
    }

    private static long done(List<CompletableFuture<Void>> turns) {
        return turns.stream().filter(t -> t.isDone() && !t.isCompletedExceptionally()).count();
    }

    @Test
    void twentyPerSecondGivesHalfASecondsBurstThenOneTurnEvery50Ms() {
        RateLimits.Account account = limits.account("AKIDone");
        List<CompletableFuture<Void>> turns = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            turns.add(account.turn("DescribeProcessList", Priority.FIRST, Long.MAX_VALUE));
        }
        assertThat(done(turns)).isEqualTo(10);
        advance(49);
        assertThat(done(turns)).isEqualTo(10);
        advance(1);
        assertThat(done(turns)).isEqualTo(11);
        for (int step = 0; step < 19; step++) {
            advance(50); // one second after the start: 10 + 20
        }
        assertThat(done(turns)).isEqualTo(30);
        // Another action has a lane of its own.
        assertThat(account.turn("KillSession", Priority.KILL, Long.MAX_VALUE)).isDone();
    }

    @Test
    void aTurnGrantedBeforeItsDeadlineLeavesNoDeadlineTaskQueued() {
        RateLimits.Account account = limits.account("AKIDone");
        long deadline = clock.get() + 300_000 * MS; // five minutes, as an asynchronous first page has
        List<CompletableFuture<Void>> turns = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            turns.add(account.turn("DescribeDCDBInstances", Priority.FIRST, deadline));
        }
        for (int step = 0; step < 20; step++) {
            advance(50);
        }
        assertThat(done(turns)).isEqualTo(30);
        // Every turn came: none of their thirty deadline tasks is still waiting in the scheduler.
        assertThat(wakeTimes.stream().filter(at -> at[0] != Long.MAX_VALUE && at[0] >= deadline)).isEmpty();
    }

    @Test
    void withTheSchedulerGoneAWaitingTurnEndsAtOnceInsteadOfNever() {
        RateLimits closing = new RateLimits(clock::get, (delay, task) -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        });
        RateLimits.Account account = closing.account("AKIDone");
        List<CompletableFuture<Void>> turns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            turns.add(account.turn("DescribeProcessList", Priority.FIRST, Long.MAX_VALUE));
        }
        assertThat(done(turns)).isEqualTo(10); // the burst went before anything had to be woken
        assertThat(turns).allMatch(CompletableFuture::isDone);
        assertThat(account.turn("KillSession", Priority.KILL, clock.get() + 1_000 * MS)).isCompletedExceptionally();
    }

    @Test
    void aKillsCallsAndNextPagesGoBeforeFirstPagesThatWaitedLonger() {
        RateLimits.Account account = limits.account("AKIDone");
        for (int i = 0; i < 10; i++) {
            account.turn("DescribeProcessList", Priority.FIRST, Long.MAX_VALUE); // the burst
        }
        CompletableFuture<Void> first = account.turn("DescribeProcessList", Priority.FIRST, Long.MAX_VALUE);
        CompletableFuture<Void> page = account.turn("DescribeProcessList", Priority.NEXT_PAGE, Long.MAX_VALUE);
        CompletableFuture<Void> kill = account.turn("DescribeProcessList", Priority.KILL, Long.MAX_VALUE);
        advance(50);
        assertThat(kill).isDone();
        assertThat(page).isNotDone();
        advance(50);
        assertThat(page).isDone();
        assertThat(first).isNotDone();
        advance(50);
        assertThat(first).isDone();
    }

    @Test
    void aCallerWhoseDeadlinePassesLeavesWithoutTakingATurn() {
        RateLimits.Account account = limits.account("AKIDone");
        for (int i = 0; i < 10; i++) {
            account.turn("KillSession", Priority.KILL, Long.MAX_VALUE);
        }
        CompletableFuture<Void> hurried = account.turn("KillSession", Priority.KILL, clock.get() + 20 * MS);
        CompletableFuture<Void> patient = account.turn("KillSession", Priority.KILL, Long.MAX_VALUE);
        advance(20);
        assertThat(hurried).isCompletedExceptionally();
        advance(30);
        assertThat(patient).isDone().isNotCompletedExceptionally();
    }

    @Test
    void entriesOfOneSecretIdShareItsLanesAtTheLowestRateAnyOfThemSets() {
        RateLimits.Account one = limits.account("AKIDshared");
        RateLimits.Account same = limits.account("AKIDshared");
        assertThat(same).isSameAs(one);
        assertThat(limits.account("AKIDother")).isNotSameAs(one);
        assertThat(one.key()).doesNotContain("AKID");
        Object first = new Object();
        Object second = new Object();
        one.use(first, 20);
        one.use(second, 4);
        assertThat(one.perSecond()).isEqualTo(4);
        List<CompletableFuture<Void>> turns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            turns.add(same.turn("DescribeFlow", Priority.KILL, Long.MAX_VALUE));
        }
        assertThat(done(turns)).isEqualTo(2); // half a second's worth at 4 per second
        advance(250);
        assertThat(done(turns)).isEqualTo(3);
        one.release(second);
        assertThat(one.perSecond()).isEqualTo(20);
    }
}
