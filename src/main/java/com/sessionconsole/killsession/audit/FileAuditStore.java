package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The audit store of one data directory: an append-only JSON Lines file ({@value #FILE_NAME}) that the window,
 * the command line and {@code serve} on one machine share. TaskIds are the highest id in the file plus one.
 *
 * <p>Memory stays bounded however long the log: the newest tasks are kept ({@value #RECENT_TASKS} unless the
 * opener asks for more, up to {@value #MAX_RECENT_TASKS}), plus any task still without an outcome; an older one
 * is read back from the file when asked for ({@link LookBack}).
 */
public final class FileAuditStore implements AuditStore {
    public static final String FILE_NAME = "audit.jsonl";
    /**
     * The lock that processes sharing the data dir take around each append. It is a file of its own that
     * nothing else ever opens: POSIX record locks belong to the process and vanish when the process closes
     * ANY descriptor of the locked file, and the log itself is opened again for every read.
     */
    public static final String LOCK_FILE_NAME = "audit.lock";
    /**
     * Tasks kept in memory by a process that runs for long (the window, {@code serve}): the task history, and
     * DescribeFlow without reading the file. Every task kept outlives young collections under a busy API, so
     * fewer keeps those pauses short; at the contract's 20 KillSession requests a second per SecretId, 1,000
     * tasks are the last 50 s of one key's. An older task is read back from the file.
     */
    public static final int RECENT_TASKS = 1_000;
    /** The most a one-shot command may keep, to list that many ({@code tasks --limit}). */
    public static final int MAX_RECENT_TASKS = 10_000;
    static final long WRITE_TIMEOUT_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FileAuditStore.class);

    private final Path file;
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final RecentTasks recent;
    private final AuditTail tail;
    private final AuditWriter writer;

    private FileAuditStore(Path file, FileChannel channel, FileChannel lockChannel, int recentTasks) {
        this.file = file;
        this.channel = channel;
        this.lockChannel = lockChannel;
        this.recent = new RecentTasks(recentTasks);
        this.tail = new AuditTail(file, recent);
        this.writer = new AuditWriter(file, channel, lockChannel, this, tail, recent);
    }

    public static FileAuditStore open(Path dataDir) throws IOException {
        return open(dataDir, RECENT_TASKS);
    }

    /** @param recentTasks how many of the newest tasks stay in memory (1 to {@link #MAX_RECENT_TASKS}) */
    public static FileAuditStore open(Path dataDir, int recentTasks) throws IOException {
        if (recentTasks < 1 || recentTasks > MAX_RECENT_TASKS) {
            throw new IllegalArgumentException("recentTasks must be 1 to " + MAX_RECENT_TASKS);
        }
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileChannel lockChannel;
        try {
            lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        FileAuditStore store = new FileAuditStore(file, channel, lockChannel, recentTasks);
        synchronized (store) {
            store.tail.catchUp(-1);
        }
        store.writer.start();
        return store;
    }

    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public long writeTimeoutMillis() {
        return WRITE_TIMEOUT_MS;
    }

    @Override
    public KillTask begin(TaskIntent intent) throws IOException {
        AuditWriter.Write write = AuditWriter.Write.intent(intent);
        try {
            return await(write);
        } catch (IOException e) {
            // If the intent still reaches the disk after we gave up, close the task: no KILL was sent for it.
            write.done.thenAccept(task -> writer.submit(AuditWriter.Write.outcome(task.finish(Instant.now(),
                    TaskStatus.FAILED, "abandoned before any KILL was sent: " + e.getMessage(), List.of()))));
            throw e;
        }
    }

    @Override
    public CompletableFuture<KillTask> settling(TaskIntent intent, UnaryOperator<KillTask> outcome) {
        AuditWriter.Write write = AuditWriter.Write.settled(intent, outcome);
        writer.submit(write);
        // A copy: the writer still completes the original, whatever the caller's wait came to.
        return write.done.copy().orTimeout(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void finish(KillTask task) throws IOException {
        await(AuditWriter.Write.outcome(task));
    }

    @Override
    public void refused(Refusal refusal) {
        try {
            await(AuditWriter.Write.record(AuditRecords.refused(refusal)));
        } catch (IOException e) {
            LOG.warn("could not record a refused request in {}: {}", file, e.getMessage());
        }
    }

    @Override
    public IOException failure(Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof TimeoutException) {
            return new IOException(file + " did not take the record within " + WRITE_TIMEOUT_MS / 1000 + " s");
        }
        return error instanceof IOException ? (IOException) error
                : new IOException("writing " + file + ": " + error, error);
    }

    /** Hands a record to the writer and waits until it is on disk. */
    private KillTask await(AuditWriter.Write write) throws IOException {
        writer.submit(write);
        try {
            return write.done.get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to " + file, e);
        } catch (TimeoutException e) {
            throw failure(e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    @Override
    public Optional<KillTask> task(long taskId) {
        long from;
        long upTo;
        synchronized (this) {
            refresh();
            KillTask task = recent.view(taskId);
            if (task != null) {
                return Optional.of(task);
            }
            from = recent.checkpointFor(taskId);
            if (from < 0) {
                return Optional.empty();
            }
            upTo = tail.offset();
        }
        // An older task, finished (one without an outcome is kept in memory): read back without holding the log,
        // so a look far back never holds up the writer.
        try {
            return Optional.ofNullable(LookBack.find(file, taskId, from, upTo));
        } catch (IOException e) {
            LOG.warn("could not read task {} back from {}: {}", taskId, file, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public synchronized List<KillTask> tasks() {
        refresh();
        return recent.all();
    }

    private void refresh() {
        try {
            tail.catchUp(writer.size());
        } catch (IOException e) {
            LOG.warn("could not read {}: {}", file, e.getMessage());
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() throws IOException {
        writer.close(WRITE_TIMEOUT_MS);
        synchronized (this) {
            channel.close();
            lockChannel.close();
        }
    }
}
