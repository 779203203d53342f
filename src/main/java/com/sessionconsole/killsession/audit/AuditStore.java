package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.backend.ConsoleConnections;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The record of every kill request, which is also the task store. Its contract, whatever keeps it:
 * <ul>
 *   <li>an intent is durable before any KILL of its task is sent, and the outcome after;</li>
 *   <li>TaskIds are unique and increasing across every process that shares the store, and across restarts;</li>
 *   <li>a task whose process died without its outcome reads as failed (interrupted);</li>
 *   <li>no secret (password, SecretKey) is ever recorded.</li>
 * </ul>
 * Thread-safe. A write that cannot be made durable within {@link #writeTimeoutMillis()} fails with an
 * {@link IOException}: its caller must then send no KILL.
 */
public interface AuditStore extends AutoCloseable {

    /** Records the intent (durable) and returns the new running task with its TaskId. */
    KillTask begin(TaskIntent intent) throws IOException;

    /**
     * Records a task that sends no KILL (every session gone or protected, or the shard unreachable): its intent
     * and outcome are written together, in that order. Hands the records on and returns at once; the future
     * completes with the finished task once both are durable, or fails within the write timeout (then
     * {@link #failure} says why).
     *
     * @param outcome makes the finished task from the running one, which has its TaskId
     */
    CompletableFuture<KillTask> settling(TaskIntent intent, UnaryOperator<KillTask> outcome);

    /** As {@link #settling}, waiting for it. */
    default KillTask settled(TaskIntent intent, UnaryOperator<KillTask> outcome) throws IOException {
        try {
            return settling(intent, outcome).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to " + location(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /**
     * Records the outcome of a task begun here (durable). When that fails, the task reads as failed ("outcome
     * not recorded") at once, and the store keeps trying to write the outcome until it can.
     */
    void finish(KillTask task) throws IOException;

    /** Outcomes of tasks that ran but are not written yet (a full disk); after {@link #close()}, those lost. */
    int unrecordedOutcomes();

    /** Records a refused request; a refusal that cannot be written is logged, never thrown. */
    void refused(Refusal refusal);

    /** One task by TaskId, of any age; an IOException when the store cannot be read (not "no such task"). */
    Optional<KillTask> task(long taskId) throws IOException;

    /**
     * The newest tasks, and any older one still without an outcome that this store saw pushed out since it was
     * opened, newest first. An older task is found by {@link #task(long)}.
     */
    List<KillTask> tasks();

    /** Why a write failed, in the words the blocking calls use. */
    IOException failure(Throwable error);

    /** The connections of the console processes sharing this store, which none of them may kill. */
    ConsoleConnections consoleConnections();

    /**
     * The ledger of signed requests shared by every process on this store, for {@code serve} replicas; empty
     * when the store is not shared between machines (each process then checks replays on its own).
     */
    default Optional<RequestLedger> requestLedger() {
        return Optional.empty();
    }

    /** Where the records are kept, for the operator (a file, a database). */
    String location();

    /** The longest a write may take before it counts as failed. */
    long writeTimeoutMillis();

    @Override
    void close() throws IOException;
}
