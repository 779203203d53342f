package com.sessionconsole.mysql;

import com.mysql.cj.jdbc.MysqlDataSource;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.fleet.inventory.TlsMode;

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
            // The handshake reads with this timeout (the pool sets a connection's own once it is made): a TLS
            // handshake on a loaded server can take seconds, and a server that never answers costs one socket
            // timeout on the reading thread, which a refresh does not wait for beyond the shard's timeout.
            raw.setSocketTimeout((int) timeouts.socket().toMillis());
            raw.setTcpKeepAlive(true);
            raw.setConnectionAttributes("program_name:session-console");
            raw.setCacheServerConfiguration(true);
            raw.setUseServerPrepStmts(false);
            // Several KILLs go in one round trip. Safe here: the console's SQL is fixed text plus numeric
            // ids, never text from a user (see KillSender.killSql).
            raw.setAllowMultiQueries(true);
            raw.setSslMode(switch (shard.tls()) {
                case PREFERRED -> "PREFERRED";
                case REQUIRED -> "REQUIRED";
                case DISABLED -> "DISABLED";
            });
            // Without TLS, MySQL 8's caching_sha2_password sends the password RSA-encrypted with the server's key,
            // which the driver must then be allowed to ask the server for (the operator chose a trusted network).
            raw.setAllowPublicKeyRetrieval(shard.tls() == TlsMode.DISABLED);
            if (shard.tls() != TlsMode.DISABLED) {
                raw.setSocketFactory(ResumingSocketFactory.class.getName());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("invalid connector setting", e);
        }
        return raw;
    }
}
