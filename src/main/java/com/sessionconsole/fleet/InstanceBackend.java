package com.sessionconsole.fleet;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * How the service reaches the shards of one configured instance. Implementations do blocking I/O with a
 * timeout on every call; the service calls them from its own executor, never from a UI thread.
 */
public interface InstanceBackend extends AutoCloseable {

    /** The instance and its shards as they are now. A backend whose instances are discovered may answer many. */
    List<Instance> describe() throws BackendException;

    /** The sessions of one shard, with transactions, lock waits and {@link Session#ownConnection()} filled in. */
    List<Session> sessions(Shard shard) throws BackendException;

    /** The current state of the given sessions; a session that is not there is absent from the map. */
    Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds) throws BackendException;

    /**
     * As {@link #lookup}, for a kill about to be sent, followed by what the kill does with the answer.
     * <p>
     * Only what the guards and "kill what you saw" need is read (user, command, statement and, for QUERY kills,
     * the query id), which a backend may read more cheaply. The request arrived at {@code askedNanos}
     * ({@link System#nanoTime()}): a backend may answer from a read it began at or after that moment, shared with
     * other requests, but never from an older one. {@code then} may run on the thread that finished such a
     * shared read, right after it, so that the requests sharing it hand on their follow-up work together; the
     * caller waits once, for the future {@code then} returns.
     *
     * @param then       what the kill does with the sessions found; it must not block, and its future must
     *                   complete, normally, within {@code thenMillis}
     * @param thenMillis the longest that future may take
     */
    default <R> R lookupForKill(Shard shard, Collection<Long> sessionIds, KillMode mode, long askedNanos,
                                Function<Map<Long, Session>, CompletableFuture<R>> then, long thenMillis)
            throws BackendException {
        return FollowUp.await(then.apply(lookup(shard, sessionIds)), thenMillis);
    }

    /**
     * Sends the kills. Never throws for one session's failure: each order gets its own outcome.
     * Throws only when the shard cannot be reached at all, before any KILL was sent.
     */
    List<SessionOutcome> kill(Shard shard, List<KillOrder> orders) throws BackendException;

    @Override
    void close();
}
