package com.sessionconsole.auditdb;

import com.sessionconsole.fleet.backend.ConsoleConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The console connections of every process sharing the audit database: this process's own in memory (recorded
 * in the database before a connection is used), the others' read from {@code sc_console_connection}, at most
 * every {@value #REFRESH_MILLIS} ms, for the processes whose heartbeat is fresh.
 */
final class DatabaseConsoleConnections implements ConsoleConnections {
    static final long REFRESH_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConsoleConnections.class);

    private final DatabaseWriter writer;
    private final StoreConnection reader;
    private final String processId;
    private final long writeTimeoutMillis;
    /** This process's connections, each with the write that records it. */
    private final Map<String, CompletableFuture<?>> held = new ConcurrentHashMap<>();
    private volatile Set<String> others = Set.of();
    private long readNanos; // guarded by reader

    DatabaseConsoleConnections(DatabaseWriter writer, StoreConnection reader, String processId,
                               long writeTimeoutMillis) {
        this.writer = writer;
        this.reader = reader;
        this.processId = processId;
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    @Override
    public void opened(String server, long threadId) {
        DatabaseWriter.Write write = DatabaseWriter.Write.connection(true, server, threadId);
        held.put(server + " " + threadId, write.done);
        writer.submit(write);
        try {
            write.done.get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("cannot record console connection {} on {} in the audit store: other consoles will not know"
                    + " it ({})", threadId, server, e.getMessage());
        }
    }

    @Override
    public void closed(String server, long threadId) {
        CompletableFuture<?> recorded = held.remove(server + " " + threadId);
        if (recorded != null) {
            // Not before the record of its opening is written: the writer's lanes do not keep an order, and the
            // removal must not be overtaken by the row it removes (when that write outlived opened()'s wait).
            recorded.whenComplete((done, failure) -> writer.submit(DatabaseWriter.Write.connection(false, server,
                    threadId)));
        }
    }

    @Override
    public View current() {
        Set<String> theirs = refresh();
        return (server, threadId) -> {
            String key = server + " " + threadId;
            return held.containsKey(key) || theirs.contains(key);
        };
    }

    private Set<String> refresh() {
        synchronized (reader) {
            if (System.nanoTime() - readNanos < TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS)) {
                return others;
            }
            Set<String> read = new HashSet<>();
            try {
                Connection connection = reader.get();
                Set<String> alive = ProcessRegistry.alive(connection);
                try (Statement sql = connection.createStatement();
                     ResultSet rs = sql.executeQuery("SELECT server, thread_id, process_id FROM sc_console_connection")) {
                    while (rs.next()) {
                        if (alive.contains(rs.getString(3)) && !processId.equals(rs.getString(3))) {
                            read.add(rs.getString(1) + " " + rs.getLong(2));
                        }
                    }
                }
                others = Set.copyOf(read);
                readNanos = System.nanoTime();
            } catch (SQLException e) {
                reader.broken();
                LOG.debug("reading the other consoles' connections: {}", e.getMessage());
            }
            return others;
        }
    }
}
