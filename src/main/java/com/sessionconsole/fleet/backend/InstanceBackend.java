package com.sessionconsole.fleet.backend;

import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.LockGraph;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * How the service reaches the shards of one configured instance. Implementations do blocking I/O with a
 * timeout on every call; the service calls them from its own threads, never from a UI thread.
 */
public interface InstanceBackend extends AutoCloseable {

    /** The instance and its shards as they are now. A backend whose instances are discovered may answer many. */
    List<Instance> describe() throws BackendException;

    /** The sessions of one shard, with transactions, lock waits and {@link Session#ownConnection()} filled in. */
    List<Session> sessions(Shard shard) throws BackendException;

    /**
     * Reads the sessions of one shard on {@code io} and answers at once. The default runs {@link #sessions(Shard)}
     * there. A backend whose calls wait for their turn under an API's rate limit waits without holding a thread of
     * {@code io}, so the other shards' reads go on meanwhile.
     *
     * @param started runs on {@code io} when the read begins there: the shard's own time limit counts from then
     */
    default CompletableFuture<List<Session>> sessions(Shard shard, Executor io, Runnable started) {
        CompletableFuture<List<Session>> result = new CompletableFuture<>();
        io.execute(() -> {
            started.run();
            try {
                result.complete(sessions(shard));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * The calls a listing of the shard makes to a rate-limited API, from what its last listing took; none for a
     * backend whose shards have no such limit. Answers at once, without I/O.
     */
    default List<ApiCalls> listingCalls(Shard shard) {
        return List.of();
    }

    /**
     * The calls one kill request on the shard makes to a rate-limited API (its live read, the kill, following the
     * remote task); none for a backend without such a limit. Answers at once, without I/O.
     */
    default List<ApiCalls> killCalls(Shard shard) {
        return List.of();
    }

    /**
     * Whether {@link #describe()} finds its instances (a cloud account's entry) rather than answering the
     * configured one: their ids are then those the API gives, not the inventory's.
     */
    default boolean discovers() {
        return false;
    }

    /**
     * The current state of the given sessions, with their transactions and, where the server tells it, the id
     * of the statement each runs; a session that is not there is absent from the map.
     *
     * @param budget the time the request has left: no call waits beyond it
     */
    Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds, TimeBudget budget) throws BackendException;

    /**
     * Every session of the shard as the server shows it now, by id: user, host, command and statement, without
     * transactions. The cheapest complete live read, which the kills of one shard may share.
     */
    Map<Long, Session> processList(Shard shard, TimeBudget budget) throws BackendException;

    /**
     * Sends the kills. Never throws for one session's failure: each order gets its own outcome.
     * Throws only when the shard cannot be reached at all, before any KILL was sent.
     */
    List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget) throws BackendException;

    /**
     * The shard's sessions and who waits for whom (row locks, and metadata locks where the server tells), read at
     * one moment. A backend with no lock source answers {@link LockGraph#unavailable} with its reason.
     *
     * @param budget the time the read has left: no call waits beyond it
     */
    default LockGraph lockGraph(Shard shard, TimeBudget budget) throws BackendException {
        return LockGraph.unavailable("lock waits cannot be read through this backend");
    }

    /**
     * The plan of the statement session {@code sessionId} runs now. A session that has ended, or runs nothing
     * with a plan, gets {@link ExplainPlan#none} with the reason; a backend with no way to ask answers
     * {@link ExplainPlan#unavailable}. Throws only when the shard cannot be reached.
     *
     * @param sessionId a positive thread id, already validated
     */
    default ExplainPlan explain(Shard shard, long sessionId, TimeBudget budget) throws BackendException {
        return ExplainPlan.unavailable("the plan of a running statement cannot be read through this backend");
    }

    /** Whether a KILL QUERY (end the statement, keep the connection) can be sent at all. */
    default boolean killsQueries() {
        return true;
    }

    @Override
    void close();
}
