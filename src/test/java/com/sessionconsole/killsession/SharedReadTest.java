package com.sessionconsole.killsession;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedReadTest {
    private static final long WAIT = 5_000;

    /** A read stamped with the moment it began, so a caller can tell whether it began after the caller asked. */
    private record Stamp(long startedNanos, int number) {
    }

    @Test
    void aLoneCallerReadsForItself() throws Exception {
        SharedRead<Stamp> shared = new SharedRead<>();
        AtomicInteger reads = new AtomicInteger();
        for (int i = 1; i <= 3; i++) {
            Stamp stamp = shared.read(() -> new Stamp(System.nanoTime(), reads.incrementAndGet()), System.nanoTime(),
                    WAIT, IOException.class);
            assertThat(stamp.number()).isEqualTo(i);
        }
    }

    @Test
    void concurrentCallersShareReadsAndNeverGetOneThatBeganBeforeThem() throws Exception {
        SharedRead<Stamp> shared = new SharedRead<>();
        AtomicInteger reads = new AtomicInteger();
        AtomicLong stale = new AtomicLong();
        int callers = 16;
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int c = 0; c < callers; c++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int r = 0; r < rounds; r++) {
                        long asked = System.nanoTime();
                        Stamp stamp = shared.read(() -> {
                            long started = System.nanoTime();
                            Thread.sleep(1); // a shard round trip
                            return new Stamp(started, reads.incrementAndGet());
                        }, asked, WAIT, Exception.class);
                        if (stamp.startedNanos() < asked) {
                            stale.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stale.get()).as("reads handed out that began before the caller asked").isZero();
        assertThat(reads.get()).as("reads for %d calls", callers * rounds).isLessThan(callers * rounds / 3);
    }

    @Test
    void theFollowUpsOfCallersSharingAReadRunOnTheReadingThreadAndEachCallerGetsItsOwn() throws Exception {
        SharedRead<String> shared = new SharedRead<>();
        CountDownLatch release = new CountDownLatch(1);
        List<String> ranOn = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<String> first = holdARead(shared, pool, release, () -> { });
            // Four callers arrive while the first read runs: they share the next read, which one of them makes.
            List<Future<String>> waiting = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int caller = i;
                waiting.add(pool.submit(() -> shared.read(() -> "second", System.nanoTime(), WAIT, Exception.class,
                        value -> {
                            ranOn.add(Thread.currentThread().getName());
                            return CompletableFuture.completedFuture(value + " for " + caller);
                        }, WAIT)));
            }
            Thread.sleep(100); // let the four queue up behind the running read
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            for (int i = 0; i < 4; i++) {
                assertThat(waiting.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("second for " + i);
            }
            assertThat(ranOn).hasSize(4).as("every follow-up ran on the thread that made the shared read")
                    .containsOnly(ranOn.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerWhoGivesUpBeforeTheReadEndsNeverHasItsFollowUpRun() throws Exception {
        SharedRead<String> shared = new SharedRead<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger followUps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = holdARead(shared, pool, release, () -> { });
            // Asked before the held read began, so it joins that read; it waits 3 x 50 ms, then gives up.
            assertThatThrownBy(() -> shared.read(() -> "unused", System.nanoTime() - 60_000_000_000L, 50,
                    Exception.class, value -> {
                        followUps.incrementAndGet();
                        return CompletableFuture.completedFuture(value);
                    }, WAIT)).isInstanceOf(TimeoutException.class);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(followUps.get()).as("follow-ups run for a caller who had given up").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerInterruptedOnceItsFollowUpBeganStillGetsItsResult() throws Exception {
        SharedRead<String> shared = new SharedRead<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch followUpBegan = new CountDownLatch(1);
        CompletableFuture<String> recorded = new CompletableFuture<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = holdARead(shared, pool, release, () -> { });
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<String> joined = pool.submit(() -> {
                waiter.set(Thread.currentThread());
                String value = shared.read(() -> "unused", System.nanoTime() - 60_000_000_000L, WAIT, Exception.class,
                        read -> {
                            followUpBegan.countDown();
                            return recorded.thenApply(r -> read + " " + r);
                        }, WAIT);
                return value + (Thread.currentThread().isInterrupted() ? ", interrupt kept" : "");
            });
            Thread.sleep(100);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(followUpBegan.await(10, TimeUnit.SECONDS)).isTrue();
            waiter.get().interrupt();
            Thread.sleep(100);
            recorded.complete("recorded");
            assertThat(joined.get(10, TimeUnit.SECONDS)).isEqualTo("first recorded, interrupt kept");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingFollowUpFailsOnlyItsOwnCaller() throws Exception {
        SharedRead<String> shared = new SharedRead<>();
        assertThatThrownBy(() -> shared.read(() -> "value", System.nanoTime(), WAIT, IOException.class, value -> {
            throw new IllegalStateException("a bug in the follow-up");
        }, WAIT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("a bug");
        // The read itself succeeded and is shared as usual.
        assertThat(shared.read(() -> "other", System.nanoTime() - 1_000_000_000L, WAIT, IOException.class))
                .isEqualTo("value");
    }

    @Test
    void aFailedReadFailsEveryCallerSharingItAndTheNextReadIsAFreshAttempt() throws Exception {
        SharedRead<String> shared = new SharedRead<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // The first read runs until released; three callers arrive meanwhile and share the next one, which fails.
            Future<String> first = holdARead(shared, pool, release, attempts::incrementAndGet);
            List<Future<String>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(pool.submit(() -> shared.read(() -> {
                    attempts.incrementAndGet();
                    throw new IOException("shard down");
                }, System.nanoTime(), WAIT, IOException.class)));
            }
            Thread.sleep(100); // let the three queue up behind the running read
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            for (Future<String> f : waiting) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
                        .hasMessageContaining("shard down");
            }
            assertThat(attempts.get()).as("one read for the first caller, one shared by the three").isEqualTo(2);
            assertThat(shared.read(() -> "again", System.nanoTime(), WAIT, IOException.class)).isEqualTo("again");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReadThatNeverEndsHoldsTheNextCallerOnlyForItsWait() throws Exception {
        SharedRead<String> shared = new SharedRead<>();
        CountDownLatch hung = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                shared.read(() -> {
                    hung.countDown();
                    Thread.sleep(60_000);
                    return "never";
                }, System.nanoTime(), WAIT, Exception.class);
            } catch (Exception e) {
                // interrupted at the end of the test
            }
        });
        stuck.setDaemon(true);
        stuck.start();
        hung.await();
        long start = System.nanoTime();
        assertThat(shared.read(() -> "fresh", System.nanoTime(), 200, IOException.class)).isEqualTo("fresh");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 5_000L);
        stuck.interrupt();
    }

    @Test
    void aRequestThatArrivedBeforeTheLastReadBeganIsAnsweredFromItAndALaterOneIsNot() throws Exception {
        SharedRead<Stamp> shared = new SharedRead<>();
        AtomicInteger reads = new AtomicInteger();
        SharedRead.Reader<Stamp, IOException> reader = () -> new Stamp(System.nanoTime(), reads.incrementAndGet());
        long arrivedEarly = System.nanoTime();
        Stamp first = shared.read(reader, System.nanoTime(), WAIT, IOException.class);
        // Arrived before that read began (as the requests of one selection do): the read is fresh for it.
        assertThat(shared.read(reader, arrivedEarly, WAIT, IOException.class)).isSameAs(first);
        // Arrived after it began: a new read.
        long arrivedLate = System.nanoTime();
        Stamp second = shared.read(reader, arrivedLate, WAIT, IOException.class);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.startedNanos()).isGreaterThanOrEqualTo(arrivedLate);
        // A failed read is never handed out later.
        assertThatThrownBy(() -> shared.read(() -> {
            throw new IOException("down");
        }, System.nanoTime(), WAIT, IOException.class)).hasMessage("down");
        assertThat(shared.read(reader, arrivedLate, WAIT, IOException.class)).isSameAs(second);
    }

    /** Starts a read that returns "first" once released, and waits until it runs. */
    private static Future<String> holdARead(SharedRead<String> shared, ExecutorService pool, CountDownLatch release,
                                            Runnable onStart) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Future<String> first = pool.submit(() -> shared.read(() -> {
            onStart.run();
            started.countDown();
            release.await();
            return "first";
        }, System.nanoTime(), WAIT, Exception.class));
        started.await();
        return first;
    }
}
