package com.sessionconsole.auditdb;

import com.sessionconsole.common.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The console processes that share the database, each named by its host, pid and start, and alive while its
 * heartbeat is fresh (by the database's clock, so the hosts' clocks need not agree). A running task of a process
 * whose heartbeat stopped can never finish: it reads as interrupted.
 */
final class ProcessRegistry implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Three missed heartbeats and a process is taken for dead. */
    static final Duration STALE = HEARTBEAT.multipliedBy(4);
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRegistry.class);
    private static final String NOW_MS = "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";

    private final StoreConnection store;
    private final String processId;
    private final ScheduledExecutorService beat;

    private ProcessRegistry(StoreConnection store, String processId) {
        this.store = store;
        this.processId = processId;
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, Threads.daemons("audit-heartbeat"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.beat = scheduler;
    }

    /** Registers this process and starts its heartbeat. */
    static ProcessRegistry start(StoreConnection store) throws SQLException {
        ProcessRegistry registry = new ProcessRegistry(store, thisProcess());
        registry.heartbeat();
        registry.beat.scheduleWithFixedDelay(registry::heartbeatQuietly, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        return registry;
    }

    /** {@code host/pid@start}: unique across the hosts sharing the database. */
    static String thisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        ProcessHandle me = ProcessHandle.current();
        return host + "/" + me.pid() + "@" + me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    String processId() {
        return processId;
    }

    private synchronized void heartbeat() throws SQLException {
        Connection connection = store.get();
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO sc_process (process_id,"
                + " heartbeat_ms) VALUES (?, " + NOW_MS + ") ON DUPLICATE KEY UPDATE heartbeat_ms = " + NOW_MS)) {
            upsert.setString(1, processId);
            upsert.executeUpdate();
        } catch (SQLException e) {
            store.broken();
            throw e;
        }
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (SQLException e) {
            LOG.warn("audit store heartbeat: {}", e.getMessage());
        }
    }

    /** The processes whose heartbeat is fresh, read on the caller's connection. */
    static Set<String> alive(Connection connection) throws SQLException {
        Set<String> alive = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT process_id FROM sc_process WHERE"
                + " heartbeat_ms >= " + NOW_MS + " - ?")) {
            query.setLong(1, STALE.toMillis());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    alive.add(rs.getString(1));
                }
            }
        }
        return alive;
    }

    /** Stops the heartbeat and takes this process and its console connections out of the registry. */
    @Override
    public synchronized void close() {
        beat.shutdownNow();
        try {
            Connection connection = store.get();
            try (PreparedStatement connections = connection.prepareStatement(
                    "DELETE FROM sc_console_connection WHERE process_id = ?");
                 PreparedStatement process = connection.prepareStatement("DELETE FROM sc_process WHERE process_id = ?")) {
                connections.setString(1, processId);
                connections.executeUpdate();
                process.setString(1, processId);
                process.executeUpdate();
            }
        } catch (SQLException e) {
            LOG.debug("leaving the audit store's process registry: {}", e.getMessage());
        } finally {
            store.close();
        }
    }
}
