package com.sessionconsole.api;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The HTTP server's executor: admission control in front of the request pool, so that every request is answered.
 * At most {@code threads + queue} requests run or wait in the pool; one beyond that is not handed to the pool
 * (whose rejection would be thrown inside the JDK's dispatcher and leave the client unanswered) but to a small
 * refusal pool, where {@link ApiHandler} answers RequestLimitExceeded from the headers alone: no body read, no
 * signature checked, connection closed. A refusal takes microseconds, so two threads suffice; their queue only
 * ever holds connections the server has already accepted, so it is bounded by the open connections.
 * <p>
 * Each task also carries the moment its request reached the server (before any wait in the queue), which the
 * TC3 replay check measures from.
 */
final class Admission implements Executor {
    /**
     * How a request was let in: when it arrived (on the server's nano ticker, and on {@link System#nanoTime()}
     * for the service's live reads) and whether it may run.
     */
    record Ticket(long arrivedNanos, long systemNanos, boolean admitted) {
    }

    private static final ThreadLocal<Ticket> CURRENT = new ThreadLocal<>();

    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor refusals;
    private final Semaphore slots;
    private final int capacity;
    private final LongSupplier ticker;

    Admission(int threads, int queue, LongSupplier ticker) {
        this.ticker = ticker;
        this.capacity = threads + queue;
        this.slots = new Semaphore(capacity);
        // The semaphore keeps at most threads + queue tasks here, so the pool's own queue never overflows.
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue),
                daemons("api-"));
        this.refusals = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemons("api-busy-"));
    }

    /** The ticket of the request this thread is handling; a request not run through an Admission is admitted now. */
    static Ticket current(LongSupplier ticker) {
        Ticket ticket = CURRENT.get();
        return ticket != null ? ticket : new Ticket(ticker.getAsLong(), System.nanoTime(), true);
    }

    @Override
    public void execute(Runnable task) {
        long arrived = ticker.getAsLong();
        long system = System.nanoTime();
        if (slots.tryAcquire()) {
            try {
                pool.execute(() -> {
                    try {
                        run(task, new Ticket(arrived, system, true));
                    } finally {
                        slots.release();
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                slots.release(); // the pool is shut down: stopping; answered as busy below if still possible
            }
        }
        refusals.execute(() -> run(task, new Ticket(arrived, system, false)));
    }

    private static void run(Runnable task, Ticket ticket) {
        CURRENT.set(ticket);
        try {
            task.run();
        } finally {
            CURRENT.remove();
        }
    }

    /** Requests admitted and not yet done (running or waiting for a thread). */
    int admitted() {
        return capacity - slots.availablePermits();
    }

    /** Requests running or waiting for a thread. */
    boolean busy() {
        return pool.getActiveCount() > 0 || !pool.getQueue().isEmpty();
    }

    void shutdown() {
        pool.shutdown();
        refusals.shutdown();
    }

    boolean awaitTermination(long nanos) throws InterruptedException {
        return pool.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    void shutdownNow() {
        pool.shutdownNow();
        refusals.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
