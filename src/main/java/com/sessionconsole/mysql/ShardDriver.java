package com.sessionconsole.mysql;

import com.mysql.cj.jdbc.MysqlDataSource;
import com.sessionconsole.fleet.inventory.ShardConfig;

import java.sql.SQLException;

/** The MySQL driver's settings for a shard: every one of them chosen for a console that must never hang. */
final class ShardDriver {
    private ShardDriver() {
    }

    static MysqlDataSource dataSource(ShardConfig shard, MysqlTimeouts timeouts) {
        MysqlDataSource raw = new MysqlDataSource();
        String host = shard.host().contains(":") && !shard.host().startsWith("[") ? "[" + shard.host() + "]"
                : shard.host();
        raw.setURL("jdbc:mysql://" + host + ":" + shard.port() + "/");
        raw.setUser(shard.user());
        raw.setPassword(shard.password().resolve());
        try {
            raw.setConnectTimeout((int) timeouts.connect().toMillis());
            // The handshake reads with this timeout: a server that accepts and never answers costs a connect
            // timeout, not a socket timeout. The pool raises it once the connection is made.
            raw.setSocketTimeout((int) timeouts.connect().toMillis());
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
        return raw;
    }
}
