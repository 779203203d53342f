package com.sessionconsole.api;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers that run requests (each may wait on shards, with the service's timeouts), with admission control in
 * front: at most {@code threads + queue} requests run or wait here. One beyond that is not queued anywhere but
 * refused at once, and the server answers it RequestLimitExceeded. The HTTP server's own threads never wait on a
 * shard, so a full pool slows no other answer, /healthz included.
 */
final class Admission {
    private final ThreadPoolExecutor workers;
    private final Semaphore slots;
    private final int capacity;

    Admission(int threads, int queue) {
        this.capacity = threads + queue;
        this.slots = new Semaphore(capacity);
        // The semaphore keeps at most threads + queue tasks here, so the pool's own queue never overflows.
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue),
                daemons("api-"));
    }

    /** Hands the request to a worker; false at once when every thread and queue slot is taken, or when stopped. */
    boolean tryRun(Runnable request) {
        if (!slots.tryAcquire()) {
            return false;
        }
        try {
            workers.execute(() -> {
                try {
                    request.run();
                } finally {
                    slots.release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            slots.release(); // shut down: the server is stopping
            return false;
        }
    }

    int capacity() {
        return capacity;
    }

    /** Requests admitted and not yet done (running or waiting for a thread). */
    int admitted() {
        return capacity - slots.availablePermits();
    }

    void shutdown() {
        workers.shutdown();
    }

    boolean awaitTermination(long nanos) throws InterruptedException {
        return workers.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    void shutdownNow() {
        workers.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
