package com.sessionconsole.fleet.inventory;

import com.sessionconsole.fleet.Ids;

import java.util.Objects;

/**
 * One self-managed shard as the inventory names it.
 *
 * @param shardId       the DCDB-style ShardId, {@code shard-...}
 * @param shardSerialId the DCDB-style ShardSerialId, {@code set_...}
 * @param tls           whether its connections use TLS ({@link TlsMode#PREFERRED} when the inventory says nothing)
 */
public record ShardConfig(String shardId, String shardSerialId, String host, int port, String user, Secret password,
                          TlsMode tls) {
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}]|[0-9A-Fa-f:]{2,45}");

    public ShardConfig {
        Ids.requireShardId(shardId, "shardId");
        Ids.requireShardSerialId(shardSerialId, "shardSerialId");
        requireHost(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is not a TCP port (1-65535)");
        }
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user: must not be empty");
        }
        password = password == null ? Secret.NONE : password;
        tls = tls == null ? TlsMode.PREFERRED : tls;
    }

    /** A shard that uses TLS when its server offers it. */
    public ShardConfig(String shardId, String shardSerialId, String host, int port, String user, Secret password) {
        this(shardId, shardSerialId, host, port, user, password, TlsMode.PREFERRED);
    }

    /** The same shard with another TLS mode. */
    public ShardConfig withTls(TlsMode mode) {
        return new ShardConfig(shardId, shardSerialId, host, port, user, password, mode);
    }

    /** The host becomes part of a JDBC URL: anything but a name or address could smuggle in driver options. */
    static void requireHost(String host) {
        Objects.requireNonNull(host, "host");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host: '" + host + "' is not a host name or IP address");
        }
    }

    public String endpoint() {
        return host + ":" + port;
    }
}
