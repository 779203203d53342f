package com.sessionconsole.fleet;

import java.util.Objects;

/**
 * One self-managed shard as the inventory names it.
 *
 * @param shardId       the DCDB-style ShardId, {@code shard-...}
 * @param shardSerialId the DCDB-style ShardSerialId, {@code set_...}
 */
public record ShardConfig(String shardId, String shardSerialId, String host, int port, String user, Secret password) {

    public ShardConfig {
        Ids.requireShardId(shardId, "shardId");
        Ids.requireShardSerialId(shardSerialId, "shardSerialId");
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is not a TCP port (1-65535)");
        }
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user: must not be empty");
        }
        password = password == null ? Secret.NONE : password;
    }

    public String endpoint() {
        return host + ":" + port;
    }
}
