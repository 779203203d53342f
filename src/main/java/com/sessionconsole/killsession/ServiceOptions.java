package com.sessionconsole.killsession;

import com.sessionconsole.mysql.MysqlTimeouts;

import java.time.Duration;

/**
 * How the service reaches shards, and how much of its task history it keeps in memory.
 *
 * @param shardTimeout the most one shard may hold a refresh; a slower shard is reported as an error
 * @param ioThreads    the bounded pool that runs every shard call
 * @param recentTasks  how many of the newest tasks stay in memory ({@link AuditLog}); older ones are read back
 *                     from the audit log when asked for by TaskId
 */
public record ServiceOptions(MysqlTimeouts mysql, Duration shardTimeout, int ioThreads, int recentTasks) {

    public static final ServiceOptions DEFAULT = new ServiceOptions(MysqlTimeouts.DEFAULT, Duration.ofSeconds(6), 16,
            AuditLog.RECENT_TASKS);

    public ServiceOptions {
        if (ioThreads < 1 || shardTimeout.isNegative() || shardTimeout.isZero()) {
            throw new IllegalArgumentException("ioThreads and shardTimeout must be positive");
        }
        if (recentTasks < 1 || recentTasks > AuditLog.MAX_RECENT_TASKS) {
            throw new IllegalArgumentException("recentTasks must be 1 to " + AuditLog.MAX_RECENT_TASKS);
        }
    }

    public ServiceOptions(MysqlTimeouts mysql, Duration shardTimeout, int ioThreads) {
        this(mysql, shardTimeout, ioThreads, AuditLog.RECENT_TASKS);
    }

    /** The same options, keeping this many of the newest tasks in memory. */
    public ServiceOptions withRecentTasks(int count) {
        return new ServiceOptions(mysql, shardTimeout, ioThreads, count);
    }
}
