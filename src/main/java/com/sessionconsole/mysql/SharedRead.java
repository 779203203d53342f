package com.sessionconsole.mysql;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One read of a shard shared by the callers that want it at the same time, without ever handing a caller a
 * read that began before it asked (a kill's guards must be checked on live data).
 *
 * <p>At most one read runs at a time. A caller that arrives while one runs does not join it: it joins the
 * next read, which starts as soon as the running one ends, and which every caller arriving until then shares.
 * Under load this turns N lookups into about two, and with a single caller it is one plain read.
 *
 * @param <T> what a read returns; it must be safe to share (immutable)
 */
final class SharedRead<T> {
    /** A read that cannot fail other than with the checked exception of its kind. */
    @FunctionalInterface
    interface Reader<T, E extends Exception> {
        T read() throws E;
    }

    /** One read and the callers waiting for it. */
    private static final class Round<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
    }

    private Round<T> running; // guarded by this: the read in progress, or null
    private Round<T> next;    // guarded by this: the read that starts when `running` ends; new callers join it

    /**
     * Returns the result of a read that began after this call did: run here, or by another caller and shared.
     *
     * @param waitMillis the longest this caller waits for another caller's read (a read has its own timeouts)
     * @param failure    the checked exception of a failed read, passed on as it is to every caller sharing it
     */
    <E extends Exception> T read(Reader<T, E> reader, long waitMillis, Class<E> failure)
            throws E, TimeoutException, InterruptedException {
        Round<T> round;
        Round<T> before = null;
        Round<T> joined = null;
        synchronized (this) {
            if (running == null) {
                running = round = new Round<>();
            } else if (next != null) {
                round = joined = next;
            } else {
                next = round = new Round<>();
                before = running;
            }
        }
        if (joined != null) {
            return await(joined, reader, waitMillis, failure);
        }
        if (before != null) {
            // The running read hands over to this one as it ends, before its own callers hear from it, so
            // nobody joins this round once its read is under way.
            try {
                before.result.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // its failure is its callers' business; this read is a new attempt
            } catch (TimeoutException e) {
                synchronized (this) {
                    if (next == round) {
                        next = null; // start now, and let nobody join a read already under way
                    }
                }
            } catch (InterruptedException e) {
                handOver(round);
                round.result.completeExceptionally(e);
                throw e;
            }
        }
        try {
            T value = reader.read();
            handOver(round);
            round.result.complete(value);
            return value;
        } catch (Exception | Error e) {
            handOver(round);
            round.result.completeExceptionally(e);
            throw e;
        }
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

    private static <T, E extends Exception> T await(Round<T> round, Reader<T, E> reader, long waitMillis,
                                                     Class<E> failure)
            throws E, TimeoutException, InterruptedException {
        try {
            return round.result.get(2 * waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (failure.isInstance(cause)) {
                throw failure.cast(cause);
            }
            if (cause instanceof InterruptedException) {
                return reader.read(); // the caller who was to read for us was interrupted: read ourselves
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
}
