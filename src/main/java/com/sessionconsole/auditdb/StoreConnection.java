package com.sessionconsole.auditdb;

import com.mysql.cj.jdbc.MysqlDataSource;
import com.sessionconsole.fleet.inventory.AuditDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One connection to the audit database, made again when it breaks (the database restarted, the network
 * blinked). Not thread-safe: each user (the writer, the readers, the heartbeat) has its own.
 */
final class StoreConnection implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** The longest one statement may keep a thread: a batch's commit, a read of the newest tasks. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final MysqlDataSource source;
    private Connection connection;

    StoreConnection(MysqlDataSource source) {
        this.source = source;
    }

    static MysqlDataSource dataSource(AuditDatabase database) {
        MysqlDataSource source = new MysqlDataSource();
        String host = database.host().contains(":") && !database.host().startsWith("[") ? "[" + database.host() + "]"
                : database.host();
        // The schema name was checked to be letters, digits and '_'; the database is made if it is missing and the
        // account may.
        source.setURL("jdbc:mysql://" + host + ":" + database.port() + "/" + database.database());
        source.setUser(database.user());
        source.setPassword(database.password().resolve());
        try {
            source.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            source.setSocketTimeout((int) SOCKET_TIMEOUT.toMillis());
            source.setTcpKeepAlive(true);
            source.setConnectionAttributes("program_name:session-console-audit");
            source.setCreateDatabaseIfNotExist(true);
            source.setRewriteBatchedStatements(true);
            source.setCacheServerConfiguration(true);
            // The console never changes its session's state by a statement of its own, so the driver may trust
            // what it last set: without this, every setAutoCommit (each transaction, each claim) is a round trip.
            source.setUseLocalSessionState(true);
            // The same few statements on every connection, all day: parsed once, not at every prepare.
            source.setCachePrepStmts(true);
            source.setPrepStmtCacheSize(64);
            source.setPrepStmtCacheSqlLimit(16_384);
        } catch (SQLException e) {
            throw new IllegalStateException("invalid connector setting", e);
        }
        return source;
    }

    /** The open connection, made now if there is none or it broke. */
    Connection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = source.getConnection();
        }
        return connection;
    }

    /** Drops a connection that failed: the next {@link #get()} makes a new one. */
    void broken() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // it is gone either way
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        broken();
    }
}
