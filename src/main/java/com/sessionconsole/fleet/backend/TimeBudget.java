package com.sessionconsole.fleet.backend;

import java.time.Duration;

/**
 * The time left for one request, shared by every call it makes to a shard, so that a shard which hangs midway
 * costs the request its budget once, not one timeout per call.
 *
 * @param endNanos when the budget is spent, on {@link System#nanoTime()}
 */
public record TimeBudget(long endNanos) {

    public static TimeBudget of(Duration budget) {
        return new TimeBudget(System.nanoTime() + budget.toNanos());
    }

    public long remainingNanos() {
        return Math.max(0, endNanos - System.nanoTime());
    }

    public long remainingMillis() {
        return remainingNanos() / 1_000_000;
    }

    /** The time left capped at {@code limit}, in milliseconds; at least 1. */
    public long millisAtMost(Duration limit) {
        return Math.max(1, Math.min(limit.toMillis(), remainingMillis()));
    }
}
