package com.sessionconsole.dcdb;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What every dcdb client of one factory shares: the rate limits per SecretId and action, and the one scheduler
 * thread that wakes paced calls and retries, so that a call waiting for its turn holds no thread.
 */
final class Pacer {
    /** The first wait after a RequestLimitExceeded; each further one doubles, up to {@link #MAX_BACKOFF_NANOS}. */
    static final long FIRST_BACKOFF_NANOS = 250_000_000L;
    static final long MAX_BACKOFF_NANOS = 4_000_000_000L;

    final RateLimits limits;
    private final ScheduledExecutorService scheduler;

    Pacer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        this.limits = new RateLimits(System::nanoTime, this::after);
    }

    Runnable after(long delayNanos, Runnable task) {
        ScheduledFuture<?> scheduled = scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> scheduled.cancel(false);
    }

    /** The wait before retry {@code attempt} (0 first): doubling, with jitter, so retries of many calls spread. */
    static long backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(attempt, 10));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }
}
