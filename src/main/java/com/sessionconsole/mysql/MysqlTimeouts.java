package com.sessionconsole.mysql;

import java.time.Duration;

/**
 * The deadlines of every call to a shard.
 *
 * @param connect TCP connect, the handshake and the wait for a free connection of the shard
 * @param query   one statement, ended by the server itself ({@code max_statement_time} on MariaDB,
 *                {@code max_execution_time} for MySQL's SELECTs)
 * @param socket  the client's cap on any read, above {@code query}, so that a hung server can never hold a
 *                thread; a kill's budget lowers it
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
