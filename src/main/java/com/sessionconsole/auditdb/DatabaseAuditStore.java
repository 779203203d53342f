package com.sessionconsole.auditdb;

import com.mysql.cj.jdbc.MysqlDataSource;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.inventory.AuditDatabase;
import com.sessionconsole.killsession.audit.AuditStore;
import com.sessionconsole.killsession.audit.Refusal;
import com.sessionconsole.killsession.audit.RefusalRecord;
import com.sessionconsole.killsession.audit.RepeatedRefusals;
import com.sessionconsole.killsession.audit.RequestLedger;
import com.sessionconsole.killsession.audit.TaskIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The audit and task store in a MySQL / MariaDB database, shared by every console and {@code serve} replica that
 * names it: one task history, TaskIds unique and increasing across all of them, DescribeFlow answered by any
 * replica, and no console killing another's connections. The console makes and migrates its own tables.
 */
public final class DatabaseAuditStore implements AuditStore {
    static final long WRITE_TIMEOUT_MS = 10_000;
    static final String INTERRUPTED = "interrupted: the console stopped before the outcome was recorded";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseAuditStore.class);

    private final AuditDatabase database;
    private final int recentTasks;
    private final DatabaseWriter writer;
    private final StoreConnection reader;
    private final ProcessRegistry registry;
    private final DatabaseConsoleConnections connections;
    private final DatabaseRequestLedger ledger;
    private final RepeatedRefusals repeats = new RepeatedRefusals();
    /** Tasks that ran but whose outcome is not written yet: they read as failed until it is. */
    private final Map<Long, KillTask> unrecorded = new ConcurrentHashMap<>();

    private DatabaseAuditStore(AuditDatabase database, int recentTasks, MysqlDataSource source,
                               ProcessRegistry registry) {
        this.database = database;
        this.recentTasks = recentTasks;
        this.registry = registry;
        this.reader = new StoreConnection(source);
        this.writer = new DatabaseWriter(() -> new StoreConnection(source), registry.processId(), this::markUnrecorded,
                task -> unrecorded.remove(task.taskId()));
        this.connections = new DatabaseConsoleConnections(writer, new StoreConnection(source), registry.processId(),
                WRITE_TIMEOUT_MS);
        this.ledger = new DatabaseRequestLedger(() -> new StoreConnection(source), where(database));
    }

    /** Connects, makes or migrates the tables, joins the process registry (the writer starts with its first write). */
    public static DatabaseAuditStore open(AuditDatabase database, int recentTasks) throws IOException {
        MysqlDataSource source;
        try {
            source = StoreConnection.dataSource(database);
        } catch (IllegalStateException e) {
            throw new IOException("settings.audit.store: " + e.getMessage(), e);
        }
        try (StoreConnection setup = new StoreConnection(source)) {
            AuditSchema.migrate(setup.get(), database.database());
        } catch (SQLException e) {
            throw new IOException("audit store " + where(database) + ": " + e.getMessage(), e);
        }
        ProcessRegistry registry;
        try {
            registry = ProcessRegistry.start(new StoreConnection(source));
        } catch (SQLException e) {
            throw new IOException("audit store " + where(database) + ": " + e.getMessage(), e);
        }
        DatabaseAuditStore store = new DatabaseAuditStore(database, recentTasks, source, registry);
        return store;
    }

    private static String where(AuditDatabase database) {
        return "mysql://" + database.endpoint() + "/" + database.database();
    }

    @Override
    public KillTask begin(TaskIntent intent) throws IOException {
        return await(DatabaseWriter.Write.intent(intent));
    }

    @Override
    public CompletableFuture<KillTask> settling(TaskIntent intent, UnaryOperator<KillTask> outcome) {
        DatabaseWriter.Write write = DatabaseWriter.Write.settled(intent, outcome);
        writer.submit(write);
        return write.done.copy().orTimeout(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void finish(KillTask task) throws IOException {
        try {
            await(DatabaseWriter.Write.outcome(task));
        } catch (IOException e) {
            markUnrecorded(task);
            throw e;
        }
    }

    private void markUnrecorded(KillTask outcome) {
        unrecorded.put(outcome.taskId(), outcome.finish(outcome.finishedAt(), TaskStatus.FAILED, "outcome not"
                + " recorded in the audit store; it is written when the store can be written again",
                outcome.outcomes()));
    }

    @Override
    public int unrecordedOutcomes() {
        return writer.unrecorded();
    }

    @Override
    public void refused(Refusal refusal) {
        List<RefusalRecord> records;
        synchronized (repeats) {
            records = repeats.offer(refusal);
        }
        write(records);
    }

    private void write(List<RefusalRecord> records) {
        for (RefusalRecord record : records) {
            try {
                await(DatabaseWriter.Write.refusal(record));
            } catch (IOException e) {
                LOG.warn("could not record a refused request in {}: {}", location(), e.getMessage());
            }
        }
    }

    private KillTask await(DatabaseWriter.Write write) throws IOException {
        writer.submit(write);
        try {
            return write.done.get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to " + location(), e);
        } catch (TimeoutException e) {
            throw failure(e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    @Override
    public IOException failure(Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof TimeoutException) {
            return new IOException(location() + " did not take the record within " + WRITE_TIMEOUT_MS / 1000 + " s");
        }
        return new IOException(location() + ": " + error.getMessage(), error);
    }

    @Override
    public Optional<RequestLedger> requestLedger() {
        return Optional.of(ledger);
    }

    @Override
    public Optional<KillTask> task(long taskId) throws IOException {
        try {
            List<KillTask> found = read("SELECT " + TaskRows.COLUMNS + " FROM sc_task WHERE task_id = ?", taskId);
            return found.stream().findFirst();
        } catch (SQLException e) {
            LOG.warn("reading task {} from {}: {}", taskId, location(), e.getMessage());
            throw new IOException("task " + taskId + " cannot be read from " + location() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<KillTask> tasks() {
        try {
            return read("SELECT " + TaskRows.COLUMNS + " FROM sc_task ORDER BY task_id DESC LIMIT ?", recentTasks);
        } catch (SQLException e) {
            LOG.warn("reading the task history from {}: {}", location(), e.getMessage());
            return List.of();
        }
    }

    /** Tasks as a reader should see them: an unrecorded outcome as failed, a dead process's task interrupted. */
    private List<KillTask> read(String sql, long parameter) throws SQLException {
        synchronized (reader) {
            try {
                Connection connection = reader.get();
                List<TaskRows.Row> rows = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement(sql)) {
                    query.setLong(1, parameter);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            rows.add(TaskRows.read(rs));
                        }
                    }
                }
                boolean anyRunning = rows.stream().anyMatch(row -> row.task().status() == TaskStatus.RUNNING);
                Set<String> alive = anyRunning ? ProcessRegistry.alive(connection) : Set.of();
                List<KillTask> tasks = new ArrayList<>(rows.size());
                for (TaskRows.Row row : rows) {
                    tasks.add(view(row, alive));
                }
                return tasks;
            } catch (SQLException e) {
                reader.broken();
                throw e;
            }
        }
    }

    private KillTask view(TaskRows.Row row, Set<String> alive) {
        KillTask task = row.task();
        if (task.status() != TaskStatus.RUNNING) {
            return task;
        }
        KillTask pending = unrecorded.get(task.taskId());
        if (pending != null) {
            return pending;
        }
        if (row.processId().equals(registry.processId()) || alive.contains(row.processId())) {
            return task;
        }
        List<SessionOutcome> unknown = new ArrayList<>();
        for (long id : task.sessionIds()) {
            unknown.add(new SessionOutcome(id, Outcome.UNKNOWN, "the process " + row.processId()
                    + " stopped before recording: the KILL may have been sent"));
        }
        return task.finish(null, TaskStatus.FAILED, INTERRUPTED, unknown);
    }

    @Override
    public ConsoleConnections consoleConnections() {
        return connections;
    }

    @Override
    public String location() {
        return where(database);
    }

    @Override
    public long writeTimeoutMillis() {
        return WRITE_TIMEOUT_MS;
    }

    @Override
    public void close() {
        List<RefusalRecord> counts;
        synchronized (repeats) {
            counts = repeats.due(null);
        }
        write(counts);
        writer.close(WRITE_TIMEOUT_MS);
        ledger.close();
        registry.close();
        synchronized (reader) {
            reader.close();
        }
    }
}
