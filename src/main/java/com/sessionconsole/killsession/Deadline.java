package com.sessionconsole.killsession;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * One deadline shared by calls running side by side (every shard of a refresh, every instance described):
 * each call is waited for only until the deadline, and its answer is its value or the operator's words for why
 * there is none.
 */
final class Deadline {
    private final Duration limit;
    private final long endNanos;

    private Deadline(Duration limit, long endNanos) {
        this.limit = limit;
        this.endNanos = endNanos;
    }

    static Deadline after(Duration limit) {
        return new Deadline(limit, System.nanoTime() + limit.toNanos());
    }

    /**
     * A deadline for calls that wait their turn on a bounded pool: each has {@code perCall} from when it starts,
     * and none is waited for beyond {@code waves} times that from now.
     */
    static Deadline forQueued(Duration perCall, long waves) {
        return new Deadline(perCall, System.nanoTime() + perCall.toNanos() * Math.max(1, waves));
    }

    /** As {@link #forQueued(Duration, long)}, waiting for them at least {@code atLeast} from now. */
    static Deadline forQueued(Duration perCall, long waves, Duration atLeast) {
        return new Deadline(perCall, System.nanoTime() + Math.max(perCall.toNanos() * Math.max(1, waves),
                atLeast.toNanos()));
    }

    /** What came of one call. */
    enum Result { OK, FAILED, TIMED_OUT, INTERRUPTED }

    /**
     * One call's answer.
     *
     * @param failure what the call threw, for {@link Result#FAILED}
     * @param error   why there is no value, in the operator's words; null when there is one
     */
    record Answer<T>(T value, Result result, Throwable failure, String error) {
        boolean ok() {
            return result == Result.OK;
        }
    }

    /** Waits for the call until the deadline; never throws, and keeps the interrupt flag. */
    <T> Answer<T> await(Future<T> call) {
        long begun = endNanos - limit.toNanos();
        return await(call, () -> begun);
    }

    /**
     * Waits for a call that may still be waiting for a thread: its own time counts from {@code startedNanos}
     * (0 until it starts), and the wait never passes this deadline. Never throws; keeps the interrupt flag.
     */
    <T> Answer<T> await(Future<T> call, LongSupplier startedNanos) {
        while (true) {
            long started = startedNanos.getAsLong();
            long until = started == 0 ? endNanos : Math.min(endNanos, started + limit.toNanos());
            try {
                T value = call.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                return new Answer<>(value, Result.OK, null, null);
            } catch (TimeoutException e) {
                if (started == 0 && startedNanos.getAsLong() != 0 && System.nanoTime() - endNanos < 0) {
                    continue; // it started meanwhile: it gets its own time from then
                }
                return new Answer<>(null, Result.TIMED_OUT, null, "no answer within " + limit.toSeconds() + " s");
            } catch (ExecutionException e) {
                return new Answer<>(null, Result.FAILED, e.getCause(), explain(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer<>(null, Result.INTERRUPTED, null, "interrupted");
            }
        }
    }

    /** A failure's message for the operator: never null, never a stack trace. */
    static String explain(Throwable error) {
        String message = error.getMessage();
        // Without a message, only the class says what happened: that is for the log, never for an API answer.
        return message == null || message.isBlank() ? "internal error: " + error.getClass().getName() : message;
    }
}
