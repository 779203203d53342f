package com.sessionconsole.bench;

import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.EmbeddedFleet.EmbeddedShard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sessions of given accounts on every shard of a fleet, for the rule benchmark: each account is made on every
 * shard, and the servers are asked (over one admin connection per shard) which sessions are still there. The
 * sessions are either idle connections (a leak: what a DBA kills most often) or {@code SELECT SLEEP(3600)}, each on
 * a thread of its own (a runaway statement; on MariaDB a KILL of a thread in SLEEP() takes a mutex all SLEEP()s of
 * the server share, so on a loaded machine the servers' time dominates).
 */
final class Sleepers implements AutoCloseable {
    /** What the sessions do. */
    enum Kind { IDLE, SLEEP }

    private final EmbeddedFleet fleet;
    private final Kind kind;
    private final String password = UUID.randomUUID().toString();
    private final Set<String> accounts = new HashSet<>();
    private final Map<EmbeddedShard, Connection> admin = new LinkedHashMap<>();
    private final Map<String, List<Connection>> open = new LinkedHashMap<>();
    private final ExecutorService running = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(null, runnable, "sleeper", 256 * 1024);
        thread.setDaemon(true);
        return thread;
    });

    Sleepers(EmbeddedFleet fleet, Kind kind) throws SQLException {
        this.fleet = fleet;
        this.kind = kind;
        for (EmbeddedShard shard : fleet.shards()) {
            admin.put(shard, shard.server().adminConnection());
        }
    }

    /** {@code perShard} sessions of {@code user} on every shard, each idle or running SELECT SLEEP(3600) once this returns. */
    void open(String user, int perShard) throws Exception {
        if (accounts.add(user)) {
            for (Connection connection : admin.values()) {
                try (Statement sql = connection.createStatement()) {
                    sql.execute("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
                }
            }
        }
        ExecutorService openers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Connection>> pending = new ArrayList<>();
            for (EmbeddedShard shard : fleet.shards()) {
                for (int i = 0; i < perShard; i++) {
                    pending.add(openers.submit(() -> shard.server().connect(user, password)));
                }
            }
            for (Future<Connection> future : pending) {
                Connection connection = future.get();
                open.computeIfAbsent(user, k -> new ArrayList<>()).add(connection);
                if (kind == Kind.IDLE) {
                    continue;
                }
                running.execute(() -> {
                    try (Statement sql = connection.createStatement()) {
                        sql.execute("SELECT SLEEP(3600)");
                    } catch (SQLException e) {
                        // killed: that is the point for one of the two accounts
                    }
                });
            }
        } finally {
            openers.shutdown();
        }
        for (EmbeddedShard shard : fleet.shards()) {
            while (count(shard, kind == Kind.IDLE ? "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = ?"
                    : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = ? AND COMMAND = 'Query'"
                    + " AND INFO LIKE 'SELECT SLEEP%'", user) < perShard) {
                Thread.sleep(20);
            }
        }
    }

    /**
     * Seconds from {@code startNanos} until no session of {@code user} is left on any shard (polled every 10 ms),
     * or infinity when some are still there after {@code limitSeconds}.
     */
    double awaitGone(String user, long startNanos, long limitSeconds) throws Exception {
        for (EmbeddedShard shard : fleet.shards()) {
            while (left(shard, user) > 0) {
                if (System.nanoTime() - startNanos > limitSeconds * 1_000_000_000L) {
                    return Double.POSITIVE_INFINITY;
                }
                Thread.sleep(10);
            }
        }
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** How many sessions of {@code user} are left on the fleet. */
    int left(String user) throws SQLException {
        int left = 0;
        for (EmbeddedShard shard : fleet.shards()) {
            left += left(shard, user);
        }
        return left;
    }

    private int left(EmbeddedShard shard, String user) throws SQLException {
        return count(shard, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = ?", user);
    }

    /** Ends what a contender left of {@code user}'s sessions, so the next round starts clean. */
    void killAll(String user) throws SQLException {
        for (Connection connection : admin.values()) {
            try (Statement sql = connection.createStatement()) {
                sql.execute("KILL USER '" + user + "'@'127.0.0.1'");
            }
        }
    }

    /** The ids of {@code user}'s sessions on every shard, as shard:id. */
    Set<Long> ids(String user) throws SQLException {
        Set<Long> ids = new HashSet<>();
        for (Map.Entry<EmbeddedShard, Connection> entry : admin.entrySet()) {
            try (PreparedStatement sql = entry.getValue().prepareStatement(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?")) {
                sql.setString(1, user);
                try (ResultSet rs = sql.executeQuery()) {
                    while (rs.next()) {
                        ids.add(entry.getKey().server().port() * 10_000_000L + rs.getLong(1));
                    }
                }
            }
        }
        return ids;
    }

    /**
     * Drops the client side of {@code user}'s sessions, once they were killed. (Asking a connection whether it is
     * still valid would wait for its SLEEP: a connection runs one statement at a time.)
     */
    void reap(String user) {
        for (Connection connection : open.getOrDefault(user, List.of())) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException e) {
                // gone
            }
        }
        open.remove(user);
    }

    private int count(EmbeddedShard shard, String query, String user) throws SQLException {
        try (PreparedStatement sql = admin.get(shard).prepareStatement(query)) {
            sql.setString(1, user);
            try (ResultSet rs = sql.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (Connection connection : admin.values()) {
            try (Statement sql = connection.createStatement()) {
                for (String user : accounts) {
                    sql.execute("KILL USER '" + user + "'@'127.0.0.1'");
                }
            } catch (SQLException e) {
                // the servers stop next anyway
            }
            connection.close();
        }
        for (String user : List.copyOf(open.keySet())) {
            reap(user);
        }
        running.shutdownNow();
    }
}
