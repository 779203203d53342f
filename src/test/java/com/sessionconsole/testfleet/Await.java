package com.sessionconsole.testfleet;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds: servers act asynchronously (a killed thread takes a moment to go).
 *
 * <p>The polls are {@link #POLL} apart, more than 100 ms: InnoDB serves INNODB_TRX, INNODB_LOCKS and
 * INNODB_LOCK_WAITS from one snapshot per server, which it takes again only when nobody has read those tables for
 * 100 ms ({@code CACHE_MIN_IDLE_TIME} in trx0i_s.cc). Every listing reads INNODB_TRX, so a condition polled faster
 * would keep the snapshot of its first read for as long as it polls, and never see a lock wait that began after.
 */
public final class Await {
    /** Time between two polls: longer than InnoDB's 100 ms before it refreshes its lock tables. */
    public static final Duration POLL = Duration.ofMillis(150);

    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(15), condition);
    }
}
