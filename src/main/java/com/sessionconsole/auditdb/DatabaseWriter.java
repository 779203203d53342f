package com.sessionconsole.auditdb;

import com.sessionconsole.common.Threads;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Every write to the audit database goes through this one thread, and the writes that arrive together share
 * one transaction (group commit): their TaskIds are reserved from {@code sc_task_id} in one step (a row lock
 * that every process sharing the database takes, so TaskIds are unique and increasing across them), their rows
 * written, then one commit. No caller is told its record is written before the commit.
 */
final class DatabaseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWriter.class);
    private static final int MAX_BATCH = 256;
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

    private static final Write STOP = Write.refusal(null);

    private final StoreConnection store;
    private final String processId;
    private final Consumer<KillTask> onUnrecorded;
    private final Consumer<KillTask> onRecorded;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final List<KillTask> unrecorded = new ArrayList<>(); // guarded by queue
    private final Thread thread;
    private boolean closed; // guarded by queue

    /**
     * @param onUnrecorded told of an outcome that could not be written (its task reads as failed meanwhile)
     * @param onRecorded   told once such an outcome is written after all
     */
    DatabaseWriter(StoreConnection store, String processId, Consumer<KillTask> onUnrecorded,
                   Consumer<KillTask> onRecorded) {
        this.store = store;
        this.processId = processId;
        this.onUnrecorded = onUnrecorded;
        this.onRecorded = onRecorded;
        this.thread = Threads.daemon(this::loop, "audit-db-writer");
    }

    void start() {
        thread.start();
    }

    void submit(Write write) {
        synchronized (queue) {
            if (closed) {
                write.done.completeExceptionally(new SQLException("the audit store is closed"));
                return;
            }
            queue.add(write);
        }
    }

    int unrecorded() {
        synchronized (queue) {
            return unrecorded.size();
        }
    }

    private void loop() {
        List<Write> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Write next = unrecorded() > 0 ? queue.poll(RETRY_MS, TimeUnit.MILLISECONDS) : queue.take();
                if (next != null) {
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                continue; // close() sends STOP instead
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP);
            List<KillTask> retried;
            synchronized (queue) {
                retried = new ArrayList<>(unrecorded);
                unrecorded.clear();
            }
            for (int i = retried.size() - 1; i >= 0; i--) {
                batch.add(0, Write.outcome(retried.get(i)));
            }
            if (!batch.isEmpty()) {
                try {
                    write(batch);
                    retried.forEach(onRecorded);
                } catch (SQLException | RuntimeException e) {
                    store.broken();
                    fail(batch, e instanceof SQLException ? (SQLException) e : new SQLException(e.toString(), e));
                }
            }
            batch.clear();
        }
        synchronized (queue) {
            closed = true;
            List<Write> left = new ArrayList<>();
            queue.drainTo(left);
            left.remove(STOP);
            fail(left, new SQLException("the audit store is closed"));
        }
    }

    private void fail(List<Write> writes, SQLException why) {
        for (Write write : writes) {
            if (write.outcome != null) {
                synchronized (queue) {
                    unrecorded.add(write.outcome);
                }
                onUnrecorded.accept(write.outcome);
            }
            write.done.completeExceptionally(why);
        }
    }

    /** The whole batch in one transaction; the callers are answered after the commit. */
    private void write(List<Write> batch) throws SQLException {
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
        synchronized (queue) {
            if (closed) {
                return;
            }
            queue.add(STOP);
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
