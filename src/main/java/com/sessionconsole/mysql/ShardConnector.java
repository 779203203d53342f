package com.sessionconsole.mysql;

import com.mysql.cj.jdbc.MysqlDataSource;
import com.sessionconsole.fleet.inventory.ShardConfig;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Makes one shard entry's connections, on the caller's thread: within the handshake permits the whole process
 * shares, each with the server's own statement limit set; and learns what the server is (MariaDB or MySQL, and
 * its name for itself) from the first one.
 */
final class ShardConnector {
    private final MysqlDataSource driver;
    private final String endpoint;
    private final MysqlTimeouts timeouts;
    private final Semaphore handshakes;
    private volatile Boolean mariaDb;
    /** The server as it names itself ({@code @@hostname:@@port}), known after the first connection. */
    private volatile String server;

    /**
     * @param handshakes shared by every shard of the process: how many connections may be in the making at once,
     *                   so that a cold start over a large fleet never storms the servers with handshakes
     */
    ShardConnector(ShardConfig shard, MysqlTimeouts timeouts, Semaphore handshakes) {
        this.driver = ShardDriver.dataSource(shard, timeouts);
        this.endpoint = shard.endpoint();
        this.timeouts = timeouts;
        this.handshakes = handshakes;
    }

    /** A new connection, its statements limited by the server; the caller owns it. */
    Connection connect() throws SQLException {
        try {
            if (!handshakes.tryAcquire(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ShardUnavailable("too many connections being made at once to open one to " + endpoint
                        + " within " + timeouts.connect().toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShardUnavailable("interrupted before connecting to " + endpoint, e);
        }
        Connection physical;
        try {
            physical = open();
        } catch (SQLException e) {
            if (rootCause(e) instanceof SocketTimeoutException) {
                throw new ShardUnavailable("no answer within " + timeouts.socket().toSeconds() + " s: the server"
                        + " accepts connections but does not answer (it may be hung)", e);
            }
            throw e;
        } finally {
            handshakes.release();
        }
        try {
            if (mariaDb == null) {
                mariaDb = physical.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb");
            }
            limitStatements(physical);
            return physical;
        } catch (SQLException | RuntimeException e) {
            physical.close();
            throw e;
        }
    }

    /** A server that refused the TLS 1.2 handshake is asked again at once, as the driver would ask it. */
    private Connection open() throws SQLException {
        try {
            return driver.getConnection();
        } catch (SQLException e) {
            if (ResumingSocketFactory.tls12Refused(e)) {
                return driver.getConnection();
            }
            throw e;
        }
    }

    /**
     * Lets the server end any of this connection's statements past the query timeout (a process list stuck on a
     * wedged server's locks). The client's own bound is the connection's read timeout: a JDBC query timeout
     * would cost a timer thread per connection, which a large fleet cannot afford.
     */
    private void limitStatements(Connection physical) throws SQLException {
        String limit = Boolean.TRUE.equals(mariaDb)
                ? "SET SESSION max_statement_time = " + timeouts.querySeconds()
                : "SET SESSION max_execution_time = " + timeouts.query().toMillis();
        try (Statement statement = physical.createStatement()) {
            statement.execute(limit); // numbers only
        }
    }

    /** The server's name for itself, asked once over {@code connection}; the endpoint when it would not say. */
    String serverName(Connection connection) {
        String name = server;
        if (name != null) {
            return name;
        }
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT @@hostname, @@port")) {
                name = rs.next() ? rs.getString(1) + ":" + rs.getInt(2) : endpoint;
            }
        } catch (SQLException e) {
            name = endpoint;
        }
        server = name;
        return name;
    }

    /** The server's name for itself, or null before the first connection. */
    String server() {
        return server;
    }

    /** Whether the server is MariaDB (known after the first connection). */
    boolean mariaDb() {
        return Boolean.TRUE.equals(mariaDb);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
