package com.sessionconsole.killsession.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * The writer's side of the data directory: the channel it appends to, the OS lock taken around each append,
 * and the rotation of a full {@code audit.jsonl} into a segment. Another process may have rotated the file this
 * channel writes, so before each append (under the lock) the name's identity is compared with the channel's,
 * and the name opened again when they differ. Used under the store's monitor.
 *
 * <p>A rotation, under the lock, in this order: the file is renamed to its segment name (one atomic rename),
 * the directory synced, a new {@code audit.jsonl} created, then the oldest segments beyond the retention
 * deleted. A process killed between any two steps leaves files that a reader and the next writer take as they
 * are: a segment and no {@code audit.jsonl} yet (the next opener creates it), or too many segments (the next
 * rotation deletes them). No step copies or rewrites a record.
 */
final class ActiveFile implements Closeable {
    private static final long LOCK_TIMEOUT_MS = 5_000;
    /** A rotation that failed before its rename is tried again after this long, not at every append. */
    private static final long ROTATION_RETRY_MS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(ActiveFile.class);
    /** Told each step of a rotation ("renamed", "created"): a test stops a child process there to kill it. */
    static volatile Consumer<String> afterStep = step -> { };

    private final AuditFiles files;
    private final AuditFileOptions options;
    private final FileAuditStore.Opener opener;
    private final FileChannel lockChannel;
    private FileChannel channel;
    private Object key;
    /** The first TaskId of the file {@link #firstOf}, once read; -1 while it holds no intent up to {@link #scanned}. */
    private Object firstOf;
    private long first = -1;
    private long scanned;
    private long rotationRetryAt;

    private ActiveFile(AuditFiles files, AuditFileOptions options, FileAuditStore.Opener opener,
                       FileChannel lockChannel) {
        this.files = files;
        this.options = options;
        this.opener = opener;
        this.lockChannel = lockChannel;
    }

    static ActiveFile open(AuditFiles files, AuditFileOptions options, FileAuditStore.Opener opener)
            throws IOException {
        FileChannel lock = FileChannel.open(files.dir().resolve(FileAuditStore.LOCK_FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ActiveFile active = new ActiveFile(files, options, opener, lock);
        try {
            active.reopen();
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return active;
    }

    FileChannel channel() {
        return channel;
    }

    /** The identity of the file the channel writes. */
    Object key() {
        return key;
    }

    /** Opens {@code audit.jsonl} again when it is no longer the file the channel writes (rotated, or gone). */
    void ensureCurrent() throws IOException {
        Object now = AuditFiles.key(files.active());
        if (now == null || !now.equals(key)) {
            reopen();
        }
    }

    private void reopen() throws IOException {
        Path path = files.active();
        for (int attempt = 0; attempt < 5; attempt++) {
            Object before = AuditFiles.key(path);
            FileChannel opened = opener.open(path);
            Object after = AuditFiles.key(path);
            // A new file cannot be rotated before it holds a segment's worth, so one just created is the one opened.
            if (after != null && (before == null || before.equals(after))) {
                if (channel != null) {
                    channel.close();
                }
                channel = opened;
                key = after;
                if (before == null) {
                    files.syncDir(); // the new file's name is durable before any record in it is acknowledged
                }
                return;
            }
            opened.close();
        }
        throw new IOException(path + " keeps changing while it is opened");
    }

    /**
     * Rotates {@code audit.jsonl} when it has reached the segment size and holds a task to name the segment by.
     * Call under the lock, with every record of the file read. A failure before the rename leaves the file as it
     * is, to be rotated later; one after it fails the append, and the next one opens the new file.
     *
     * @return whether it rotated
     */
    boolean rotateIfDue() throws IOException {
        if (channel.size() < options.segmentBytes() || System.currentTimeMillis() < rotationRetryAt) {
            return false;
        }
        long firstTaskId = firstTaskId();
        if (firstTaskId < 0) {
            return false; // refusals only: no TaskId to name a segment by
        }
        Path target = files.segment(firstTaskId);
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                // No rotation of this log makes two files with one first TaskId: it was put there by hand. Keep it.
                Path aside = target.resolveSibling(target.getFileName() + ".duplicate-" + System.currentTimeMillis());
                Files.move(target, aside);
                LOG.warn("{} already existed: moved to {}, where it is no longer read", target, aside);
            }
            channel.force(true);
            Files.move(files.active(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            rotationRetryAt = System.currentTimeMillis() + ROTATION_RETRY_MS;
            LOG.warn("{} could not be rotated to {}: {}; appending goes on", files.active(), target, e.toString());
            return false;
        }
        afterStep.accept("renamed");
        files.syncDir();
        reopen();
        afterStep.accept("created");
        deleteBeyondRetention();
        return true;
    }

    /** The TaskId of the file's first intent, or -1; read once per file, then known. */
    private long firstTaskId() throws IOException {
        if (!key.equals(firstOf)) {
            firstOf = key;
            first = -1;
            scanned = 0;
        }
        if (first < 0) {
            try (FileChannel file = AuditFiles.openIfThere(files.active())) {
                if (file != null) {
                    scanned = Lines.forward(file, scanned, file.size(), files.active().toString(),
                            (bytes, start, end, offset) -> {
                                first = LookBack.intentId(bytes, start, end);
                                return first < 0;
                            });
                }
            }
        }
        return first;
    }

    private void deleteBeyondRetention() throws IOException {
        if (options.keepSegments() == 0) {
            return;
        }
        List<AuditFiles.Segment> segments = files.segments();
        for (int i = 0; i < segments.size() - options.keepSegments(); i++) {
            Path oldest = segments.get(i).path();
            try {
                Files.deleteIfExists(oldest);
                LOG.info("{} deleted: at most {} segments are kept", oldest, options.keepSegments());
            } catch (IOException e) {
                LOG.warn("{} could not be deleted (retention): {}", oldest, e.toString());
            }
        }
    }

    /** The lock around one append, which every process sharing the data dir takes; waited for at most 5 s. */
    FileLock lock() throws IOException {
        long deadline = System.currentTimeMillis() + LOCK_TIMEOUT_MS;
        while (true) {
            try {
                FileLock lock = lockChannel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // held by another store of this process; the monitor makes this rare
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException(files.active() + " is locked by another process for more than "
                        + LOCK_TIMEOUT_MS / 1000 + " s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the lock on " + files.active(), e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            lockChannel.close();
        }
    }
}
