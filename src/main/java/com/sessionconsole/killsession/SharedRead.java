package com.sessionconsole.killsession;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One read of a shard shared by the callers that want it at about the same time, without ever handing a caller
 * a read that began before the caller's request arrived (a kill's guards must be checked on live data).
 *
 * <p>Each caller says when its request arrived. It gets the last read if that began after then; otherwise it
 * joins the read in progress if that began after then; otherwise it joins the next read, which starts as soon
 * as the one in progress ends and which every caller arriving until then shares. At most one read runs at a
 * time. Under load this turns N lookups into a few, and with a single caller it is one plain read.
 *
 * <p>A caller may also say what it does with the value ({@code then}): that runs on the thread that finishes the
 * read, one caller after another, so a round's follow-up work (for a kill: its audit records) is handed on
 * together, and each waiting caller wakes once, when its follow-up is done, not once for the read and again
 * for what comes after it.
 *
 * @param <T> what a read returns; it must be safe to share (immutable)
 */
final class SharedRead<T> {
    /** A read that cannot fail other than with the checked exception of its kind. */
    @FunctionalInterface
    interface Reader<T, E extends Exception> {
        T read() throws E;
    }

    /** How many times {@code waitMillis} a caller waits for a read another caller owns. */
    static final int WAITER_FACTOR = 3;

    /** Beyond a follow-up's own bound, for the thread that completes it to get the processor. */
    private static final long FOLLOW_UP_SLACK_MILLIS = 1_000;

    /** Not started yet: whenever it starts, it is after anyone who looks at it now. */
    private static final long NOT_STARTED = Long.MAX_VALUE;

    /** One read and the callers waiting for it. */
    private static final class Round<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        long startedNanos = NOT_STARTED; // guarded by the SharedRead
    }

    private Round<T> running; // guarded by this: the read in progress, or null
    private Round<T> next;    // guarded by this: the read that starts when `running` ends; new callers join it
    private Round<T> last;    // guarded by this: the newest read that succeeded

    /**
     * Returns the result of a read that began at or after {@code askedNanos}: the last one, one in progress,
     * or one run here.
     *
     * @param askedNanos when the request arrived, on {@link System#nanoTime()}; never later than now
     * @param waitMillis the longest one step of a read may take (a connection, a query); a caller waits at most
     *                   {@value #WAITER_FACTOR} times that for a read another caller owns
     * @param failure    the checked exception of a failed read, passed on as it is to every caller sharing it
     */
    <E extends Exception> T read(Reader<T, E> reader, long askedNanos, long waitMillis, Class<E> failure)
            throws E, TimeoutException, InterruptedException {
        return read(reader, askedNanos, waitMillis, failure, CompletableFuture::completedFuture, 0);
    }

    /**
     * As {@link #read(Reader, long, long, Class)}, then {@code then} applied to the value, and its future's result.
     *
     * @param then       what the caller does with the value; it runs on the thread that finishes the read, so it
     *                   must not block, and its future must complete, normally, within {@code thenMillis}
     * @param thenMillis the longest {@code then}'s future may take
     */
    <R, E extends Exception> R read(Reader<T, E> reader, long askedNanos, long waitMillis, Class<E> failure,
                                    Function<T, CompletableFuture<R>> then, long thenMillis)
            throws E, TimeoutException, InterruptedException {
        Round<T> round;
        Round<T> before = null;
        Round<T> joined = null;
        synchronized (this) {
            if (last != null && last.startedNanos - askedNanos >= 0) {
                round = joined = last; // done, or being completed this instant
            } else if (running == null) {
                running = round = new Round<>();
            } else if (running.startedNanos == NOT_STARTED || running.startedNanos - askedNanos >= 0) {
                round = joined = running;
            } else if (next != null) {
                round = joined = next;
            } else {
                next = round = new Round<>();
                before = running;
            }
        }
        if (joined != null) {
            return await(joined, reader, askedNanos, waitMillis, failure, then, thenMillis);
        }
        if (before != null) {
            // The running read hands over to this one as it ends, before its own callers hear from it.
            try {
                before.result.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // its failure is its callers' business; this read is a new attempt
            } catch (TimeoutException e) {
                synchronized (this) {
                    if (next == round) {
                        next = null; // start now, beside the read that never ended
                    }
                }
            } catch (InterruptedException e) {
                handOver(round);
                round.result.completeExceptionally(e);
                throw e;
            }
        }
        synchronized (this) {
            round.startedNanos = System.nanoTime();
        }
        T value;
        try {
            value = reader.read();
        } catch (Exception | Error e) {
            handOver(round);
            round.result.completeExceptionally(e);
            throw e;
        }
        CompletableFuture<R> mine;
        try {
            mine = then.apply(value); // first, so that its follow-up is handed on before the waiters' ones
        } finally {
            synchronized (this) {
                handOver(round);
                if (last == null || round.startedNanos - last.startedNanos > 0) {
                    last = round;
                }
            }
            round.result.complete(value); // the waiters' follow-ups run here, on this thread
        }
        return awaitFollowUp(mine, thenMillis);
    }

    /** Ends a round: if it was the running read, the next one (if any caller waits for it) runs now. */
    private synchronized void handOver(Round<T> ended) {
        if (running == ended) {
            running = next;
            next = null;
        } else if (next == ended) {
            next = null;
        }
    }

    private <R, E extends Exception> R await(Round<T> round, Reader<T, E> reader, long askedNanos, long waitMillis,
                                             Class<E> failure, Function<T, CompletableFuture<R>> then,
                                             long thenMillis)
            throws E, TimeoutException, InterruptedException {
        // The follow-up runs only if it claims this first; a caller who gives up claims it instead, so a follow-up
        // (an audit record, say) never happens behind the back of a caller who went on to record something else.
        AtomicBoolean claimed = new AtomicBoolean();
        CompletableFuture<R> done = round.result.thenCompose(value -> claimed.compareAndSet(false, true)
                ? then.apply(value) : CompletableFuture.failedFuture(new CancellationException("the caller gave up")));
        try {
            // Its owner may wait up to waitMillis for the read before it, then read for up to about twice that
            // (a connection, then the query): a waiter gives up only after all of it.
            return done.get(WAITER_FACTOR * waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (claimed.compareAndSet(false, true)) {
                throw e; // the follow-up will never run
            }
            // The follow-up has begun: its result is this caller's, within its own bound.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return awaitFollowUp(done, thenMillis);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (failure.isInstance(cause)) {
                throw failure.cast(cause);
            }
            if (cause instanceof InterruptedException) {
                // the caller who was to read for us was interrupted: try again
                return read(reader, askedNanos, waitMillis, failure, then, thenMillis);
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * The follow-up's result. Once begun, a follow-up is seen through: being interrupted meanwhile does not
     * end the wait (the follow-up's records may already be on their way), the interrupt is passed on after.
     * A follow-up that fails or overruns its bound is a bug: that is an unchecked exception.
     */
    private static <R> R awaitFollowUp(CompletableFuture<R> followUp, long thenMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(thenMillis + FOLLOW_UP_SLACK_MILLIS);
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
