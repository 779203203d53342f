package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.fleet.backend.ConsoleConnections;
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
 * the command line and {@code serve} on one machine share, rotated by size into segments named by their first
 * TaskId, of which a set number is kept ({@link AuditFileOptions}). TaskIds are the highest in the log plus one.
 *
 * <p>Opening reads only the newest tasks, backwards from the end ({@link NewestTasks}), so it takes as long on
 * a log of millions of tasks as on a new one. Memory stays bounded however long the log: the newest tasks are
 * kept ({@value #RECENT_TASKS} unless the opener asks otherwise, up to {@value #MAX_RECENT_TASKS}), plus any
 * task seen pushed out still without an outcome; an older one is found in the files by a binary search when
 * asked for ({@link LookBack}).
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

    private final AuditFiles files;
    private final Path file;
    private final ActiveFile active;
    private final RecentTasks recent;
    private final AuditTail tail;
    private final AuditWriter writer;
    private final RepeatedRefusals repeats = new RepeatedRefusals();
    private final FileConsoleConnections connections;

    private FileAuditStore(AuditFiles files, ActiveFile active, int recentTasks, FileConsoleConnections connections) {
        this.files = files;
        this.file = files.active();
        this.connections = connections;
        this.active = active;
        this.recent = new RecentTasks(recentTasks);
        this.tail = new AuditTail(files, recent);
        this.writer = new AuditWriter(file, active, this, tail, recent);
    }

    public static FileAuditStore open(Path dataDir) throws IOException {
        return open(dataDir, RECENT_TASKS);
    }

    /** @param recentTasks how many of the newest tasks stay in memory (1 to {@link #MAX_RECENT_TASKS}) */
    public static FileAuditStore open(Path dataDir, int recentTasks) throws IOException {
        return open(dataDir, recentTasks, AuditFileOptions.DEFAULT);
    }

    /**
     * @param recentTasks how many of the newest tasks stay in memory (1 to {@link #MAX_RECENT_TASKS})
     * @param options     when the active file is rotated, and how many segments are kept
     */
    public static FileAuditStore open(Path dataDir, int recentTasks, AuditFileOptions options) throws IOException {
        return open(dataDir, recentTasks, options, file -> FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE));
    }

    /** How the log's file is opened for writing: a test may put a failing disk under it. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    static FileAuditStore open(Path dataDir, int recentTasks, AuditFileOptions options, Opener opener)
            throws IOException {
        if (recentTasks < 1 || recentTasks > MAX_RECENT_TASKS) {
            throw new IllegalArgumentException("recentTasks must be 1 to " + MAX_RECENT_TASKS);
        }
        Files.createDirectories(dataDir);
        AuditFiles files = new AuditFiles(dataDir);
        // A FIFO or a device would hang every reader and writer: only a regular file (or none yet) will do.
        requireRegularOrAbsent(files.active());
        requireRegularOrAbsent(dataDir.resolve(LOCK_FILE_NAME));
        ActiveFile active = ActiveFile.open(files, options, opener);
        FileAuditStore store;
        try {
            store = new FileAuditStore(files, active, recentTasks, FileConsoleConnections.open(dataDir));
        } catch (IOException | RuntimeException e) {
            active.close();
            throw e;
        }
        try {
            synchronized (store) {
                store.tail.load();
            }
        } catch (IOException | RuntimeException e) {
            store.connections.close();
            active.close();
            store.tail.close();
            throw e;
        }
        store.writer.start();
        return store;
    }

    private static void requireRegularOrAbsent(Path path) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new IOException(path + " is not a regular file");
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public ConsoleConnections consoleConnections() {
        return connections;
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

    /**
     * Records a task's outcome. When it cannot be written, the task reads as failed ("outcome not recorded") at
     * once, and the writer keeps trying to write the outcome until it can.
     */
    @Override
    public void finish(KillTask task) throws IOException {
        try {
            await(AuditWriter.Write.outcome(task));
        } catch (IOException e) {
            synchronized (this) {
                KillTask now = recent.inMemory(task.taskId());
                if (now == null || now.status() == TaskStatus.RUNNING) {
                    recent.unrecorded(task, e.getMessage()); // still queued (a slow disk): written when it can be
                }
            }
            throw e;
        }
    }

    @Override
    public int unrecordedOutcomes() {
        return writer.unrecorded();
    }

    /** Records a refusal, or counts it when the same caller was refused for the same reason within a minute. */
    @Override
    public void refused(Refusal refusal) {
        List<RefusalRecord> records;
        synchronized (repeats) {
            records = repeats.offer(refusal);
        }
        write(records);
    }

    private void write(List<RefusalRecord> records) {
        for (RefusalRecord record : records) {
            try {
                await(AuditWriter.Write.record(AuditRecords.of(record)));
            } catch (IOException e) {
                LOG.warn("could not record a refused request in {}: {}", file, e.getMessage());
            }
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
    public Optional<KillTask> task(long taskId) throws IOException {
        synchronized (this) {
            refresh();
            KillTask task = recent.view(taskId);
            if (task != null) {
                return Optional.of(task);
            }
            if (taskId <= 0 || taskId > recent.maxTaskId()) {
                return Optional.empty();
            }
        }
        // An older task: found in the files without holding the log, so a look far back never holds up the writer.
        try {
            return Optional.ofNullable(LookBack.find(files, taskId));
        } catch (IOException e) {
            LOG.warn("could not read task {} back from {}: {}", taskId, file, e.toString());
            throw new IOException("task " + taskId + " cannot be read back from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<KillTask> tasks() {
        refresh();
        return recent.all();
    }

    private void refresh() {
        try {
            tail.catchUp();
        } catch (IOException e) {
            LOG.warn("could not read {}: {}", file, e.toString());
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() throws IOException {
        List<RefusalRecord> counts;
        synchronized (repeats) {
            counts = repeats.due(null);
        }
        write(counts);
        writer.close(WRITE_TIMEOUT_MS);
        connections.close();
        synchronized (this) {
            try {
                active.close();
            } finally {
                tail.close();
            }
        }
    }
}
