package com.sessionconsole.killsession;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Group commit for the audit log: every writer still waits until its own record is on disk, but one fsync
 * covers every record appended before it started, so N requests in flight cost about one fsync, not N.
 * The first writer to find no fsync running becomes the leader and forces the file for everyone; the others
 * wait for a leader whose fsync started after their record was written.
 */
final class GroupCommit {
    private final FileChannel channel;
    private final Object lock = new Object();
    /** End offset of the latest record this process appended (page cache, not yet known on disk). */
    private long written;
    /** End offset up to which a completed fsync is known to cover this process's records. */
    private long durable;
    private boolean forcing;

    GroupCommit(FileChannel channel) {
        this.channel = channel;
    }

    /** Called right after a record ending at {@code end} was written (under the log's own lock). */
    void written(long end) {
        synchronized (lock) {
            written = Math.max(written, end);
        }
    }

    /** Returns once a completed fsync covers the record ending at {@code end}. */
    void await(long end) throws IOException {
        while (true) {
            long target;
            synchronized (lock) {
                while (forcing && durable < end) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for the audit record to reach the disk", e);
                    }
                }
                if (durable >= end) {
                    return;
                }
                forcing = true;
                target = written;
            }
            boolean forced = false;
            try {
                channel.force(false);
                forced = true;
            } finally {
                synchronized (lock) {
                    forcing = false;
                    if (forced) {
                        durable = Math.max(durable, target);
                    }
                    lock.notifyAll();
                }
            }
        }
    }
}
