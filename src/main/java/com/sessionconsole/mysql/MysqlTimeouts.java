package com.sessionconsole.mysql;

import java.time.Duration;

/**
 * The deadlines of every call to a shard.
 *
 * @param connect TCP connect and pool checkout
 * @param query   one statement (the process list, a KILL)
 * @param socket  a hard cap on any read, above {@code query}, so that a hung server can never hold a thread
 */
public record MysqlTimeouts(Duration connect, Duration query, Duration socket) {

    public static final MysqlTimeouts DEFAULT = new MysqlTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5),
            Duration.ofSeconds(8));

    public MysqlTimeouts {
        if (connect.isNegative() || connect.isZero() || query.isNegative() || query.isZero()
                || socket.compareTo(query) < 0) {
            throw new IllegalArgumentException("timeouts must be positive and socket >= query");
        }
    }

    int querySeconds() {
        return (int) Math.max(1, (query.toMillis() + 999) / 1000);
    }
}
