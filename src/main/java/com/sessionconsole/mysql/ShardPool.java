package com.sessionconsole.mysql;

import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.MysqlDataSource;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The small connection pool of one shard, which also knows the server thread ids of its own connections so
 * that the console never offers to kill itself.
 */
final class ShardPool implements AutoCloseable {
    static final int MAX_CONNECTIONS = 5;

    private final HikariDataSource pool;
    private final String endpoint;
    private final Set<Long> ownThreadIds = ConcurrentHashMap.newKeySet();
    private volatile Boolean mariaDb;

    ShardPool(ShardConfig shard, MysqlTimeouts timeouts) {
        this.endpoint = shard.endpoint();
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
        } catch (SQLException e) {
            throw new IllegalStateException("invalid connector setting", e);
        }

        HikariConfig config = new HikariConfig();
        config.setPoolName(shard.shardId());
        config.setDataSource(new TrackingDataSource(raw, ownThreadIds));
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

    /** {@code host:port}, as the inventory names it. */
    String endpoint() {
        return endpoint;
    }

    /** Closes a connection for good instead of returning it to the pool. */
    void evict(Connection connection) {
        pool.evictConnection(connection);
    }

    boolean isOwn(long threadId) {
        return ownThreadIds.contains(threadId);
    }

    /** Whether the server is MariaDB (known after the first connection). */
    boolean mariaDb() {
        return Boolean.TRUE.equals(mariaDb);
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Hands out the driver's connections and remembers each one's server thread id while it is open. */
    private static final class TrackingDataSource implements DataSource {
        private final MysqlDataSource raw;
        private final Set<Long> ids;
        private volatile int loginTimeoutSeconds;

        TrackingDataSource(MysqlDataSource raw, Set<Long> ids) {
            this.raw = raw;
            this.ids = ids;
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
            ids.add(id);
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    ids.remove(id);
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
