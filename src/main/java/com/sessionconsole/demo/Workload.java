package com.sessionconsole.demo;

import com.mysql.cj.jdbc.JdbcConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Opens application sessions of every kind a DBA meets on an embedded fleet: idle connections, long
 * statements, transactions holding row locks and sessions waiting on them. Used by the demo and the tests.
 */
public final class Workload implements AutoCloseable {
    private final EmbeddedFleet fleet;
    private final List<Victim> victims = new CopyOnWriteArrayList<>();
    private final List<String[]> tables = new CopyOnWriteArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "workload");
        thread.setDaemon(true);
        return thread;
    });

    public Workload(EmbeddedFleet fleet) {
        this.fleet = fleet;
    }

    /** A connection that does nothing (Command: Sleep). */
    public Victim idle(String shardId) throws SQLException {
        Connection connection = fleet.appConnection(shardId);
        return track(new Victim(shardId, threadId(connection), null, connection, null));
    }

    /** A session running {@code statement} in the background until it ends or is killed. */
    public Victim running(String shardId, String statement) throws SQLException {
        return running(shardId, fleet.appConnection(shardId), statement);
    }

    /** An idle session on a connection of another account (the caller's); ended with the workload. */
    public Victim idle(String shardId, Connection connection) throws SQLException {
        return track(new Victim(shardId, threadId(connection), null, connection, null));
    }

    /** {@code statement} running in the background on a connection of another account (the caller's). */
    public Victim running(String shardId, Connection connection, String statement) throws SQLException {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute(statement);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, background);
        return track(new Victim(shardId, threadId(connection), statement, connection, done));
    }

    /** A self-join of app.accounts that runs for minutes (it sleeps on each pair): a plan worth reading. */
    public static final String JOIN = "SELECT /* report: balance pairs */ COUNT(*) FROM app.accounts a"
            + " JOIN app.accounts b ON b.id > a.id WHERE SLEEP(0.01) = 0";

    /** A session running {@link #JOIN}. */
    public Victim join(String shardId) throws SQLException {
        return running(shardId, JOIN);
    }

    /** A session running {@code SELECT SLEEP(seconds)}. */
    public Victim sleeping(String shardId, int seconds) throws SQLException {
        return running(shardId, "SELECT SLEEP(" + seconds + ")");
    }

    /**
     * A session with an open transaction that changed {@code rows} rows of app.accounts (ids firstId and up)
     * and holds their locks: a KILL CONNECTION rolls them back.
     */
    public Victim openTransaction(String shardId, int firstId, int rows) throws SQLException {
        Connection connection = fleet.appConnection(shardId);
        try (Statement sql = connection.createStatement()) {
            sql.execute("BEGIN");
            sql.executeUpdate("UPDATE app.accounts SET balance = balance + 1 WHERE id BETWEEN " + firstId
                    + " AND " + (firstId + rows - 1));
        }
        return track(new Victim(shardId, threadId(connection), null, connection, null));
    }

    /** A session in a transaction waiting for the lock on app.accounts row {@code id} (held by another). */
    public Victim waitingForRow(String shardId, int id) throws SQLException {
        Connection connection = fleet.appConnection(shardId);
        String statement = "UPDATE app.accounts SET balance = balance - 1 WHERE id = " + id;
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute("BEGIN");
                sql.executeUpdate(statement);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, background);
        return track(new Victim(shardId, threadId(connection), statement, connection, done));
    }

    /**
     * A session that runs {@code statements} in one transaction, in the background: each statement takes its
     * locks, and the last may wait for a lock another session holds (a chain's middle link). With {@code commit}
     * the transaction commits once the last statement is through, as an application would; else it stays open.
     */
    public Victim transaction(String shardId, boolean commit, String... statements) throws SQLException {
        Connection connection = fleet.appConnection(shardId);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute("BEGIN");
                for (String statement : statements) {
                    sql.execute(statement);
                }
                if (commit) {
                    sql.execute("COMMIT");
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, background);
        return track(new Victim(shardId, threadId(connection), statements[statements.length - 1], connection, done));
    }

    /**
     * A table of the app schema for one test or demo to lock as it likes (an ALTER on app.accounts would queue
     * everyone else's statements behind it): {@code rows} rows, dropped when the workload closes.
     *
     * @param name letters, digits and underscores
     */
    public String table(String shardId, String name, int rows) throws SQLException {
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("table name: letters, digits and underscores only: " + name);
        }
        String table = "app." + name;
        try (Connection admin = fleet.shard(shardId).server().adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, owner VARCHAR(40) NOT NULL,"
                    + " balance INT NOT NULL) ENGINE=InnoDB");
            sql.execute("INSERT INTO " + table + " SELECT seq, CONCAT('customer-', seq), 1000 FROM app.seq_1_to_"
                    + rows);
        }
        tables.add(new String[] {shardId, table});
        return table;
    }

    /** The balance of app.accounts row {@code id} as a fresh session reads it (committed data only). */
    public long balance(String shardId, int id) throws SQLException {
        try (Connection connection = fleet.shard(shardId).server().adminConnection();
             Statement sql = connection.createStatement();
             var rs = sql.executeQuery("SELECT balance FROM app.accounts WHERE id = " + id)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public List<Victim> victims() {
        return List.copyOf(victims);
    }

    private Victim track(Victim victim) {
        victims.add(victim);
        return victim;
    }

    private static long threadId(Connection connection) throws SQLException {
        return connection.unwrap(JdbcConnection.class).getId();
    }

    /**
     * Ends every victim: a statement still running is killed on the server too, since a dropped client
     * socket alone would leave it running there until it finishes.
     */
    @Override
    public void close() {
        for (Victim victim : victims) {
            if (victim.running() != null && !victim.running().isDone()) {
                try (Connection admin = fleet.shard(victim.shardId()).server().adminConnection();
                     Statement sql = admin.createStatement()) {
                    sql.execute("KILL " + victim.threadId());
                } catch (SQLException e) {
                    // already gone, or the shard is down: nothing left to end
                }
            }
            victim.close();
        }
        victims.clear();
        for (String[] table : tables) {
            try (Connection admin = fleet.shard(table[0]).server().adminConnection();
                 Statement sql = admin.createStatement()) {
                // The victims' connections are closing: their metadata locks go with them, soon.
                sql.execute("SET SESSION lock_wait_timeout = 10");
                sql.execute("DROP TABLE IF EXISTS " + table[1]);
            } catch (SQLException e) {
                // the shard is down: its data directory goes with the fleet
            }
        }
        tables.clear();
        background.shutdownNow();
    }
}
