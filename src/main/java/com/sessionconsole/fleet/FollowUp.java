package com.sessionconsole.fleet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for the follow-up of {@link InstanceBackend#lookupForKill}, which completes normally within its bound. */
public final class FollowUp {
    /** Beyond a follow-up's own bound, for the thread that completes it to get the processor. */
    public static final long SLACK_MILLIS = 1_000;

    private FollowUp() {
    }

    /**
     * The follow-up's result, for a backend: being interrupted while waiting ends the lookup as a backend failure.
     */
    public static <R> R result(Shard shard, CompletableFuture<R> followUp, long thenMillis) throws BackendException {
        try {
            return await(followUp, thenMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("shard " + shard.shardId() + ": interrupted while its kill was recorded", e);
        }
    }

    /**
     * The follow-up's result. A follow-up that fails or overruns its bound is a bug: that is an unchecked
     * exception, not a shard's failure.
     */
    public static <R> R await(CompletableFuture<R> followUp, long thenMillis) throws InterruptedException {
        try {
            return followUp.get(thenMillis + SLACK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("a kill's follow-up failed, which it may not: " + cause, cause);
        } catch (TimeoutException e) {
            throw overran(thenMillis, e);
        }
    }

    public static IllegalStateException overran(long thenMillis, TimeoutException e) {
        return new IllegalStateException("a kill's follow-up took more than its " + thenMillis + " ms", e);
    }
}
