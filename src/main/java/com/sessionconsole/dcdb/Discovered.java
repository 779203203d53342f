package com.sessionconsole.dcdb;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.backend.BackendException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a cloud entry found (its instances and their shards), kept for its interval: a refresh, a kill's check of
 * its shard and the command line all use it, so the Describe actions are called once an interval, not once a
 * refresh. One discovery at a time; a failed one is not kept, so the next caller tries again.
 */
final class Discovered {

    @FunctionalInterface
    interface Discovery {
        List<Instance> run() throws BackendException;
    }

    private final Duration every;
    private final Discovery discovery;
    private List<Instance> found;                       // guarded by this
    private long foundAt;                               // guarded by this
    private CompletableFuture<List<Instance>> running;  // guarded by this

    Discovered(Duration every, Discovery discovery) {
        this.every = every;
        this.discovery = discovery;
    }

    /**
     * The instances found within the interval, or found now on this thread (or by the discovery already under
     * way, waited for until {@code deadline}).
     */
    List<Instance> get(long deadline) throws BackendException {
        CompletableFuture<List<Instance>> mine = new CompletableFuture<>();
        CompletableFuture<List<Instance>> joined;
        synchronized (this) {
            if (found != null && System.nanoTime() - foundAt < every.toNanos()) {
                return found;
            }
            joined = running;
            if (joined == null) {
                running = mine;
            }
        }
        if (joined == null) {
            try {
                List<Instance> instances = List.copyOf(discovery.run());
                synchronized (this) {
                    found = instances;
                    foundAt = System.nanoTime();
                }
                mine.complete(instances);
                return instances;
            } catch (BackendException | RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                synchronized (this) {
                    running = null;
                }
            }
        }
        try {
            return joined.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendException) {
                throw (BackendException) cause;
            }
            // Not one of ours: its text names a Java class, so it is an internal error (the API masks those).
            throw new BackendException("internal error: discovery failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new BackendException("the discovery under way gave no answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for the discovery", e);
        }
    }

    /** What was found last, however old; empty before the first discovery. */
    synchronized List<Instance> last() {
        return found == null ? List.of() : found;
    }

    /** The next {@link #get} discovers again. */
    synchronized void forget() {
        found = null;
    }
}
