package com.sessionconsole.mysql;

import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.MysqlDataSource;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The small connection pool of one shard, which also knows the server thread ids of its own connections, and
 * records them for the other consoles sharing its audit store, so that no console ever offers to kill one.
 */
final class ShardPool implements AutoCloseable {
    static final int MAX_CONNECTIONS = 5;
    /** The shortest read a budget leaves: below it, a healthy shard's answer would be cut off. */
    private static final long MIN_READ_MILLIS = 1_000;

    private final HikariDataSource pool;
    private final String endpoint;
    private final Set<Long> ownThreadIds = ConcurrentHashMap.newKeySet();
    private final ConsoleConnections consoleConnections;
    private final int querySeconds;
    private final Duration socketTimeout;
    private volatile Boolean mariaDb;
    /** The server as it names itself ({@code @@hostname:@@port}), known after the first connection. */
    private volatile String server;

    ShardPool(ShardConfig shard, MysqlTimeouts timeouts, ConsoleConnections consoleConnections) {
        this.endpoint = shard.endpoint();
        this.consoleConnections = consoleConnections;
        this.querySeconds = timeouts.querySeconds();
        this.socketTimeout = timeouts.socket();
        MysqlDataSource raw = new MysqlDataSource();
        String host = shard.host().contains(":") && !shard.host().startsWith("[") ? "[" + shard.host() + "]" : shard.host();
        raw.setURL("jdbc:mysql://" + host + ":" + shard.port() + "/");
        raw.setUser(shard.user());
        raw.setPassword(shard.password().resolve());
        try {
            raw.setConnectTimeout((int) timeouts.connect().toMillis());
            raw.setSocketTimeout((int) timeouts.socket().toMillis());
            raw.setTcpKeepAlive(true);
            raw.setConnectionAttributes("program_name:session-console");
            raw.setCacheServerConfiguration(true);
            raw.setUseServerPrepStmts(false);
            // Several KILLs go in one round trip. Safe here: the console's SQL is fixed text plus numeric
            // ids, never text from a user (see KillSender.killSql).
            raw.setAllowMultiQueries(true);
            // A statement past its timeout closes its connection instead of opening another one to send KILL
            // QUERY: on a server that has stopped answering, that second connection would hang too, and the
            // request would pay a second timeout. The pool replaces the closed connection.
            raw.setQueryTimeoutKillsConnection(true);
        } catch (SQLException e) {
            throw new IllegalStateException("invalid connector setting", e);
        }

        HikariConfig config = new HikariConfig();
        config.setPoolName(shard.shardId());
        config.setDataSource(new TrackingDataSource(raw));
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(0); // connections are made when a refresh or kill needs them
        config.setConnectionTimeout(Math.max(250, timeouts.connect().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(timeouts.connect().toMillis(), 1000)));
        config.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        // Do not fail or block at start when the shard is down: the error belongs to the first refresh.
        config.setInitializationFailTimeout(-1);
        config.setRegisterMbeans(false);
        this.pool = new HikariDataSource(config);
    }

    Connection connection() throws SQLException {
        Connection connection = pool.getConnection();
        if (mariaDb == null) {
            mariaDb = connection.getMetaData().getDatabaseProductVersion().toLowerCase().contains("mariadb");
        }
        return connection;
    }

    /**
     * A connection whose reads give up within the request's budget (the pool puts the usual socket timeout back
     * when it is returned). Half the budget, because a TLS connection that times out waits once more on close,
     * for the server's close_notify (SSLSocket.close).
     */
    Connection connection(TimeBudget budget) throws SQLException {
        Connection connection = connection();
        long millis = Math.max(MIN_READ_MILLIS, budget.millisAtMost(socketTimeout) / 2);
        if (millis < socketTimeout.toMillis()) {
            try {
                connection.setNetworkTimeout(Runnable::run, (int) millis);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** {@code host:port}, as the inventory names it. */
    String endpoint() {
        return endpoint;
    }

    /** Closes a connection for good instead of returning it to the pool. */
    void evict(Connection connection) {
        pool.evictConnection(connection);
    }

    /** Whether the thread is one of this pool's own connections. */
    boolean isOwn(long threadId) {
        return ownThreadIds.contains(threadId);
    }

    /** What every console holds now: read once per listing or kill decision. */
    ConsoleConnections.View consoleView() {
        return consoleConnections.current();
    }

    /** Whether the thread is a connection of this console, or of another sharing its audit store. */
    boolean isConsole(ConsoleConnections.View view, long threadId) {
        String name = server;
        return ownThreadIds.contains(threadId) || name != null && view.isConsole(name, threadId);
    }

    /** The server's name for itself; the endpoint when it would not say. */
    private String serverName(Connection connection) {
        String name = server;
        if (name != null) {
            return name;
        }
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(querySeconds);
            try (ResultSet rs = statement.executeQuery("SELECT @@hostname, @@port")) {
                name = rs.next() ? rs.getString(1) + ":" + rs.getInt(2) : endpoint;
            }
        } catch (SQLException e) {
            name = endpoint;
        }
        server = name;
        return name;
    }

    /** Whether the server is MariaDB (known after the first connection). */
    boolean mariaDb() {
        return Boolean.TRUE.equals(mariaDb);
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * Hands out the driver's connections and remembers each one's server thread id while it is open, recording it
     * with the console connections before the pool can use it.
     */
    private final class TrackingDataSource implements DataSource {
        private final MysqlDataSource raw;
        private volatile int loginTimeoutSeconds;

        TrackingDataSource(MysqlDataSource raw) {
            this.raw = raw;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return track(raw.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return track(raw.getConnection(username, password));
        }

        private Connection track(Connection connection) throws SQLException {
            long id = connection.unwrap(JdbcConnection.class).getId();
            String name = serverName(connection);
            ownThreadIds.add(id);
            consoleConnections.opened(name, id);
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    ownThreadIds.remove(id);
                    consoleConnections.closed(name, id);
                }
                try {
                    return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, handler);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return raw.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            raw.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // The driver's own connect timeout governs connects; the pool reads this back when it closes.
            loginTimeoutSeconds = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeoutSeconds;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return raw.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return raw.isWrapperFor(type);
        }
    }
}
