package com.sessionconsole.api;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;

/**
 * What one client connection may hold, so that slow or idle clients cost the server a socket for a bounded time
 * and never a thread.
 *
 * @param maxConnections connections open at once; past that the server stops accepting until one closes (the
 *                       kernel's accept queue holds the newcomers meanwhile)
 * @param idleTimeout    a connection that sends nothing for this long (between requests, or in the middle of
 *                       one) is closed
 * @param requestTimeout the most one request may take to arrive, from its first byte to the last of its body
 *                       (or, on TLS, from the connection's start to the end of its handshake); a client that
 *                       trickles it in one byte at a time is cut off then
 */
public record ConnectionLimits(int maxConnections, Duration idleTimeout, Duration requestTimeout) {
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(DEFAULT_MAX_CONNECTIONS,
            Duration.ofSeconds(30), Duration.ofSeconds(10));
    /** Files the server keeps open besides its clients' sockets: jars, the audit log, pools to the shards. */
    private static final long OTHER_FILES = 512;

    public ConnectionLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections: at least 1");
        }
        if (idleTimeout.toMillis() < 1 || requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("idleTimeout and requestTimeout: must be positive");
        }
    }

    /**
     * The connection cap this process can keep: each connection takes one file descriptor, and a server that
     * runs out of them fails to accept anything (its health check included) and to open the audit log or a
     * shard connection. So the cap stays under the open-file limit, with room for the rest.
     */
    int affordableConnections() {
        long limit = openFileLimit();
        if (limit <= 0) {
            return maxConnections;
        }
        long affordable = Math.max(64, Math.min(limit - OTHER_FILES, limit * 3 / 4));
        return (int) Math.min(maxConnections, affordable);
    }

    /** The process's open-file limit, or -1 where the JVM cannot tell. */
    static long openFileLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean) {
            return ((UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
        }
        return -1;
    }
}
