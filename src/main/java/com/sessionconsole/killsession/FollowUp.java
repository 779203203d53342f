package com.sessionconsole.killsession;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for the follow-up of a kill's live read ({@link SharedRead}), which completes normally within its bound. */
final class FollowUp {
    /** Beyond a follow-up's own bound, for the thread that completes it to get the processor. */
    static final long SLACK_MILLIS = 1_000;

    private FollowUp() {
    }

    /**
     * The follow-up's result. Once begun, a follow-up is seen through: being interrupted meanwhile does not
     * end the wait (the follow-up's records may already be on their way), the interrupt is passed on after.
     * A follow-up that fails or overruns its bound is a bug: that is an unchecked exception.
     */
    static <R> R await(CompletableFuture<R> followUp, long thenMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(thenMillis + SLACK_MILLIS);
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    return followUp.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
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
            throw new IllegalStateException("a kill's follow-up took more than its " + thenMillis + " ms", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
