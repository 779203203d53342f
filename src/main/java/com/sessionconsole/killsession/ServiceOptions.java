package com.sessionconsole.killsession;

import com.sessionconsole.killsession.audit.AuditFileOptions;
import com.sessionconsole.killsession.audit.FileAuditStore;

import java.time.Duration;

/**
 * How long the service waits for shards, how many it reads at once, how much of its task history it keeps in
 * memory, and when its audit log is rotated.
 *
 * @param shardTimeout the most one shard may hold a refresh; a slower shard is reported as an error
 * @param ioThreads    the bounded pool that runs every shard read
 * @param recentTasks  how many of the newest tasks stay in memory; older ones are read back from the audit
 *                     store when asked for by TaskId
 * @param killTimeout  the most one kill request may spend on its shard, its live read and its KILLs together
 *                     (writing its audit records has a bound of its own)
 * @param auditFiles   the audit log's segment size and how many segments are kept (default 64 MiB and 32)
 * @param observer     told of shard reads, finished tasks and audit writes (serve's metrics); NONE by default
 */
public record ServiceOptions(Duration shardTimeout, int ioThreads, int recentTasks, Duration killTimeout,
                             AuditFileOptions auditFiles, ServiceObserver observer) {

    public static final ServiceOptions DEFAULT = new ServiceOptions(Duration.ofSeconds(6), 16,
            FileAuditStore.RECENT_TASKS, Duration.ofSeconds(10), AuditFileOptions.DEFAULT, ServiceObserver.NONE);

    /** The options with the default rotation of the audit log and no observer. */
    public ServiceOptions(Duration shardTimeout, int ioThreads, int recentTasks, Duration killTimeout) {
        this(shardTimeout, ioThreads, recentTasks, killTimeout, AuditFileOptions.DEFAULT, ServiceObserver.NONE);
    }

    public ServiceOptions {
        if (ioThreads < 1 || shardTimeout.isNegative() || shardTimeout.isZero() || killTimeout.isNegative()
                || killTimeout.isZero()) {
            throw new IllegalArgumentException("ioThreads, shardTimeout and killTimeout must be positive");
        }
        if (recentTasks < 1 || recentTasks > FileAuditStore.MAX_RECENT_TASKS) {
            throw new IllegalArgumentException("recentTasks must be 1 to " + FileAuditStore.MAX_RECENT_TASKS);
        }
        if (auditFiles == null || observer == null) {
            throw new IllegalArgumentException("auditFiles and observer are required (AuditFileOptions.DEFAULT,"
                    + " ServiceObserver.NONE)");
        }
    }

    /** The same options, keeping this many of the newest tasks in memory. */
    public ServiceOptions withRecentTasks(int count) {
        return new ServiceOptions(shardTimeout, ioThreads, count, killTimeout, auditFiles, observer);
    }

    /** The same options, waiting at most this long for one shard. */
    public ServiceOptions withShardTimeout(Duration timeout) {
        return new ServiceOptions(timeout, ioThreads, recentTasks, killTimeout, auditFiles, observer);
    }

    /** The same options, reading at most this many shards at once. */
    public ServiceOptions withIoThreads(int threads) {
        return new ServiceOptions(shardTimeout, threads, recentTasks, killTimeout, auditFiles, observer);
    }

    /** The same options, with this budget for one kill request. */
    public ServiceOptions withKillTimeout(Duration timeout) {
        return new ServiceOptions(shardTimeout, ioThreads, recentTasks, timeout, auditFiles, observer);
    }

    /** The same options, rotating the audit log at this size and keeping this many segments. */
    public ServiceOptions withAuditFiles(AuditFileOptions files) {
        return new ServiceOptions(shardTimeout, ioThreads, recentTasks, killTimeout, files, observer);
    }

    /** The same options, telling this observer what the service does. */
    public ServiceOptions withObserver(ServiceObserver observer) {
        return new ServiceOptions(shardTimeout, ioThreads, recentTasks, killTimeout, auditFiles, observer);
    }
}
