package com.sessionconsole.auditdb;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.killsession.audit.RefusalRecord;
import com.sessionconsole.killsession.audit.TaskIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Every write to the audit database goes through one lane ({@link BatchLanes}), and the writes that arrive
 * together share one transaction (group commit): their TaskIds are reserved from {@code sc_task_id} in one step,
 * their rows written, then one commit. No caller is told its record is written before the commit.
 * <p>
 * The reservation is a row lock that every transaction of every process sharing the database takes, held until
 * the transaction commits: TaskIds are therefore unique, and a task becomes visible to readers only after every
 * task with a smaller id.
 */
final class DatabaseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWriter.class);
    private static final int MAX_BATCH = 256;
    /**
     * Transactions of one process in flight at once. Measured with ApiBenchmark (two replicas, one store, all on
     * two cores): three writer lanes and two claim lanes made smaller batches and more statements, 2,635 signed
     * req/s against 3,297 with one of each; the store's commits were not what the requests waited for, the CPU was.
     */
    static final int LANES = 1;
    static final long RETRY_MS = 2_000;

    /** One write waiting for the writer. */
    static final class Write {
        final TaskIntent intent;
        final UnaryOperator<KillTask> settle;
        final KillTask outcome;
        final RefusalRecord refusal;
        final String[] connection; // {"+" or "-", server, threadId}
        final CompletableFuture<KillTask> done = new CompletableFuture<>();

        private Write(TaskIntent intent, UnaryOperator<KillTask> settle, KillTask outcome, RefusalRecord refusal,
                      String[] connection) {
            this.intent = intent;
            this.settle = settle;
            this.outcome = outcome;
            this.refusal = refusal;
            this.connection = connection;
        }

        static Write intent(TaskIntent intent) {
            return new Write(intent, null, null, null, null);
        }

        static Write settled(TaskIntent intent, UnaryOperator<KillTask> settle) {
            return new Write(intent, settle, null, null, null);
        }

        static Write outcome(KillTask task) {
            return new Write(null, null, task, null, null);
        }

        static Write refusal(RefusalRecord refusal) {
            return new Write(null, null, null, refusal, null);
        }

        static Write connection(boolean opened, String server, long threadId) {
            return new Write(null, null, null, null, new String[] {opened ? "+" : "-", server, Long.toString(threadId)});
        }
    }

    private final String processId;
    private final Consumer<KillTask> onUnrecorded;
    private final Consumer<KillTask> onRecorded;
    private final BatchLanes<Write> lanes;
    private final List<KillTask> unrecorded = new ArrayList<>(); // guarded by itself

    /**
     * @param connections  makes each lane's connection to the store
     * @param onUnrecorded told of an outcome that could not be written (its task reads as failed meanwhile)
     * @param onRecorded   told once such an outcome is written after all
     */
    DatabaseWriter(Supplier<StoreConnection> connections, String processId, Consumer<KillTask> onUnrecorded,
                   Consumer<KillTask> onRecorded) {
        this.processId = processId;
        this.onUnrecorded = onUnrecorded;
        this.onRecorded = onRecorded;
        this.lanes = new BatchLanes<>("audit-db-writer", LANES, MAX_BATCH, RETRY_MS, connections,
                new BatchLanes.Handler<>() {
                    @Override
                    public void write(List<Write> batch, StoreConnection store) {
                        writeWithRetries(batch, store);
                    }

                    @Override
                    public void failed(List<Write> writes, SQLException why) {
                        fail(writes, why);
                    }
                });
    }

    void submit(Write write) {
        lanes.submit(write);
    }

    int unrecorded() {
        synchronized (unrecorded) {
            return unrecorded.size();
        }
    }

    /** A lane's batch, with the outcomes that could not be written before ahead of it. */
    private void writeWithRetries(List<Write> batch, StoreConnection store) {
        List<KillTask> retried;
        synchronized (unrecorded) {
            retried = new ArrayList<>(unrecorded);
            unrecorded.clear();
        }
        List<Write> writes = new ArrayList<>(retried.size() + batch.size());
        retried.forEach(task -> writes.add(Write.outcome(task)));
        writes.addAll(batch);
        if (writes.isEmpty()) {
            return;
        }
        try {
            write(writes, store);
            retried.forEach(onRecorded);
        } catch (Throwable e) {
            // Answered here, the retried outcomes with the rest: the lane only knows its own batch.
            if (!(e instanceof SQLException)) {
                LOG.error("writing {} audit records failed", writes.size(), e);
            }
            store.broken();
            fail(writes, e instanceof SQLException sql ? sql : new SQLException("internal error: " + e, e));
        }
    }

    private void fail(List<Write> writes, SQLException why) {
        for (Write write : writes) {
            if (write.outcome != null) {
                synchronized (unrecorded) {
                    unrecorded.add(write.outcome);
                }
                onUnrecorded.accept(write.outcome);
            }
            write.done.completeExceptionally(why);
        }
    }

    /** The whole batch in one transaction; the callers are answered after the commit. */
    private void write(List<Write> batch, StoreConnection store) throws SQLException {
        Connection connection = store.get();
        connection.setAutoCommit(false);
        List<KillTask> answers = new ArrayList<>(batch.size());
        try {
            long intents = batch.stream().filter(w -> w.intent != null).count();
            long next = intents == 0 ? 0 : reserve(connection, intents) - intents;
            try (PreparedStatement insert = connection.prepareStatement(TaskRows.INSERT);
                 PreparedStatement finish = connection.prepareStatement(TaskRows.FINISH);
                 PreparedStatement refuse = connection.prepareStatement(RefusalRows.INSERT);
                 PreparedStatement register = connection.prepareStatement("INSERT INTO sc_console_connection"
                         + " (server, thread_id, process_id) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE process_id ="
                         + " VALUES(process_id)");
                 PreparedStatement forget = connection.prepareStatement("DELETE FROM sc_console_connection WHERE"
                         + " server = ? AND thread_id = ? AND process_id = ?")) {
                for (Write write : batch) {
                    KillTask answer = null;
                    if (write.intent != null) {
                        KillTask task = write.intent.asTask(++next);
                        answer = write.settle == null ? task : settle(write.settle, task);
                        TaskRows.bindInsert(insert, answer, processId);
                        insert.addBatch();
                    } else if (write.outcome != null) {
                        TaskRows.bindFinish(finish, write.outcome);
                        finish.addBatch();
                        answer = write.outcome;
                    } else if (write.refusal != null) {
                        RefusalRows.bind(refuse, write.refusal);
                        refuse.addBatch();
                    } else if (write.connection != null) {
                        PreparedStatement statement = write.connection[0].equals("+") ? register : forget;
                        statement.setString(1, write.connection[1]);
                        statement.setLong(2, Long.parseLong(write.connection[2]));
                        statement.setString(3, processId);
                        statement.addBatch();
                    }
                    answers.add(answer);
                }
                insert.executeBatch();
                finish.executeBatch();
                refuse.executeBatch();
                register.executeBatch();
                forget.executeBatch();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(answers.get(i));
        }
    }

    /**
     * Reserves {@code count} TaskIds for this batch; returns the last of them. LAST_INSERT_ID(expr) puts the new
     * value in the statement's own answer, which the driver gives as its generated key: one round trip.
     */
    private static long reserve(Connection connection, long count) throws SQLException {
        try (PreparedStatement take = connection.prepareStatement(
                "UPDATE sc_task_id SET last_id = LAST_INSERT_ID(last_id + ?) WHERE id = 1",
                Statement.RETURN_GENERATED_KEYS)) {
            take.setLong(1, count);
            if (take.executeUpdate() != 1) {
                throw new SQLException("sc_task_id has no row: the audit schema is damaged");
            }
            try (ResultSet keys = take.getGeneratedKeys()) {
                if (!keys.next() || keys.getLong(1) < count) {
                    throw new SQLException("sc_task_id did not answer the TaskIds it reserved");
                }
                return keys.getLong(1);
            }
        }
    }

    private static KillTask settle(UnaryOperator<KillTask> settle, KillTask task) {
        try {
            return settle.apply(task);
        } catch (RuntimeException e) {
            LOG.error("task {}: its outcome could not be made", task.taskId(), e);
            return task.finish(Instant.now(), TaskStatus.FAILED,
                    "internal error recording the outcome; nothing was killed", List.of());
        }
    }

    /** Writes what is queued (and once more what could not be written), then stops. */
    void close(long millis) {
        lanes.close(millis);
    }
}
