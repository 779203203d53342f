package com.sessionconsole.killsession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The append-only record of every kill request (JSON Lines), which is also the task store: TaskIds are the
 * highest id in the log plus one, so they keep increasing across restarts and across processes sharing the
 * data dir (the window and the command line), which take an OS file lock around each append.
 *
 * <p>An intent is written and forced to disk before any KILL is sent, the outcome after; a task whose outcome
 * never got written reads as failed ("interrupted") once the process that ran it is gone.
 *
 * <p>Memory stays bounded however long the log: the newest tasks are kept ({@value #RECENT_TASKS} unless the
 * opener asks for more, up to {@value #MAX_RECENT_TASKS}), plus any task still without an outcome; an older one
 * is read back from the file when asked for, found through a checkpoint (the offset of one intent in every
 * {@code 2^}{@value #CHECKPOINT_BITS} TaskIds).
 *
 * <p>All file I/O happens on one writer thread: a caller that is interrupted (a cancelled UI task) can therefore
 * never close the channel under everyone else, and records that arrive together share one flush to disk
 * (group commit) without any of them being acknowledged before it is durable.
 */
public final class AuditLog implements AutoCloseable {
    public static final String FILE_NAME = "audit.jsonl";
    /**
     * The lock that processes sharing the data dir take around each append. It is a file of its own that
     * nothing else ever opens: POSIX record locks belong to the process and vanish when the process closes
     * ANY descriptor of the locked file, and the log itself is opened again for every read.
     */
    public static final String LOCK_FILE_NAME = "audit.lock";
    static final String INTERRUPTED = "interrupted: the console stopped before the outcome was recorded";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final long LOCK_TIMEOUT_MS = 5_000;
    static final long WRITE_TIMEOUT_MS = 10_000;
    private static final int MAX_BATCH = 256;
    private static final int READ_CHUNK = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Tasks kept in memory by a process that runs for long (the window, {@code serve}): the task history, and
     * DescribeFlow without reading the file. Under a busy API every task lives about as long as the interval
     * between two young collections, so each collection copies all of them: with 10,000 kept, a signed
     * KillSession load at 11,000 requests a second made those pauses 7.4 ms at the median (10.9 ms at p90); with
     * 1,000, 3.0 ms (4.0 ms). At the contract's 20 KillSession requests a second per SecretId, 1,000 tasks are
     * the last 50 s of one key's; a DescribeFlow for an older task reads it back from the file.
     */
    public static final int RECENT_TASKS = 1_000;
    /** The most a one-shot command may keep, to list that many ({@code tasks --limit}). */
    public static final int MAX_RECENT_TASKS = 10_000;
    /** One checkpoint (an intent's offset) per 1,024 TaskIds: finding an older task reads about 0.6 MB. */
    static final int CHECKPOINT_BITS = 10;
    /** Reading an older task back goes in chunks this big, so a look back never allocates much. */
    private static final int READ_BACK_CHUNK = 64 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final long pid = ProcessHandle.current().pid();
    private final String processStart = startOf(ProcessHandle.current());
    private final int recentTasks;
    /** The newest tasks, in TaskId order (the file's order). */
    private final Map<Long, KillTask> tasks = new LinkedHashMap<>();
    /** Tasks pushed out of {@link #tasks} before their outcome was read (an interrupted task, a long one). */
    private final Map<Long, KillTask> unfinished = new HashMap<>();
    private final Map<Long, String[]> owners = new HashMap<>();
    /** TaskId >> CHECKPOINT_BITS to the offset of the first intent of those TaskIds in the file. */
    private final NavigableMap<Long, Long> checkpoints = new TreeMap<>();
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    private volatile Throwable writerFailure;
    private boolean stopped; // guarded by queue: the writer has left its loop
    private long readOffset;
    private long maxTaskId;
    private boolean endsWithNewline = true;

    /**
     * One record waiting for the writer. An intent's record is made by the writer, which assigns the TaskId.
     */
    private static final class Write {
        final ObjectNode record;
        final KillTask intent;
        final KillTask outcome;
        /** For a task settled without a KILL: its outcome, made once the writer has given it its TaskId. */
        final UnaryOperator<KillTask> settle;
        final CompletableFuture<KillTask> done = new CompletableFuture<>();

        Write(ObjectNode record, KillTask intent) {
            this(record, intent, null, null);
        }

        Write(ObjectNode record, KillTask intent, KillTask outcome) {
            this(record, intent, outcome, null);
        }

        Write(ObjectNode record, KillTask intent, KillTask outcome, UnaryOperator<KillTask> settle) {
            this.record = record;
            this.intent = intent;
            this.outcome = outcome;
            this.settle = settle;
        }
    }

    /** Tells the writer to finish what is queued and stop. */
    private static final Write STOP = new Write(null, null);

    private AuditLog(Path file, FileChannel channel, FileChannel lockChannel, int recentTasks) {
        this.file = file;
        this.recentTasks = recentTasks;
        this.channel = channel;
        this.lockChannel = lockChannel;
        this.writer = new Thread(this::writeLoop, "audit-writer");
        this.writer.setDaemon(true);
    }

    public static AuditLog open(Path dataDir) throws IOException {
        return open(dataDir, RECENT_TASKS);
    }

    /** @param recentTasks how many of the newest tasks stay in memory (1 to {@link #MAX_RECENT_TASKS}) */
    public static AuditLog open(Path dataDir, int recentTasks) throws IOException {
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
        AuditLog log = new AuditLog(file, channel, lockChannel, recentTasks);
        synchronized (log) {
            log.catchUp();
        }
        log.writer.start();
        return log;
    }

    public Path file() {
        return file;
    }

    /** Records the intent (forced to disk) and returns the new running task with its TaskId. */
    public KillTask begin(Instant at, String actor, String instanceId, String shardId, String shardSerialId,
                          KillMode mode, List<Long> sessionIds) throws IOException {
        KillTask intent = new KillTask(0, at, null, actor, instanceId, shardId, shardSerialId, mode, sessionIds,
                TaskStatus.RUNNING, "", List.of());
        Write write = new Write(null, intent);
        try {
            return await(write);
        } catch (IOException e) {
            // If the intent still reaches the disk after we gave up, close the task: no KILL was sent for it.
            write.done.thenAccept(task -> {
                KillTask abandoned = task.finish(Instant.now(), TaskStatus.FAILED,
                        "abandoned before any KILL was sent: " + e.getMessage(), List.of());
                submit(new Write(outcomeRecord(abandoned), null, abandoned));
            });
            throw e;
        }
    }

    /**
     * Records a task that sends no KILL (every session gone or protected, or the shard unreachable): its intent
     * and its outcome go to disk together, in that order, with one flush. Returns the finished task.
     *
     * @param settle makes the outcome from the task with its TaskId
     */
    public KillTask settled(Instant at, String actor, String instanceId, String shardId, String shardSerialId,
                            KillMode mode, List<Long> sessionIds, UnaryOperator<KillTask> settle)
            throws IOException {
        try {
            return settling(at, actor, instanceId, shardId, shardSerialId, mode, sessionIds, settle).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to " + file, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /**
     * As {@link #settled}, without waiting: hands the records to the writer and returns at once. The future
     * completes with the finished task once both records are on disk, or fails within the write timeout; a
     * failure means what {@link #failure} makes of it.
     */
    public CompletableFuture<KillTask> settling(Instant at, String actor, String instanceId, String shardId,
                                                String shardSerialId, KillMode mode, List<Long> sessionIds,
                                                UnaryOperator<KillTask> settle) {
        KillTask intent = new KillTask(0, at, null, actor, instanceId, shardId, shardSerialId, mode, sessionIds,
                TaskStatus.RUNNING, "", List.of());
        Write write = new Write(null, intent, null, settle);
        submit(write);
        // A copy: the writer still completes the original, whatever the caller's wait came to.
        return write.done.copy().orTimeout(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Why a record was not written, as the blocking calls say it. */
    IOException failure(Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof TimeoutException) {
            return new IOException(file + " did not take the record within " + WRITE_TIMEOUT_MS / 1000 + " s");
        }
        return error instanceof IOException ? (IOException) error
                : new IOException("writing " + file + ": " + error, error);
    }

    private ObjectNode intentRecord(KillTask task) {
        ObjectNode record = JSON.createObjectNode();
        record.put("type", "intent");
        record.put("taskId", task.taskId());
        record.put("time", task.requestedAt().toString());
        record.put("actor", task.actor());
        record.put("instanceId", task.instanceId());
        record.put("shardId", task.shardId());
        record.put("shardSerialId", task.shardSerialId());
        record.put("mode", task.mode().name());
        ArrayNode ids = record.putArray("sessionIds");
        task.sessionIds().forEach(ids::add);
        record.put("pid", pid);
        record.put("processStart", processStart);
        return record;
    }

    /** Records the outcome of a task begun here (forced to disk). */
    public void finish(KillTask task) throws IOException {
        await(new Write(outcomeRecord(task), null, task));
    }

    private static ObjectNode outcomeRecord(KillTask task) {
        ObjectNode record = JSON.createObjectNode();
        record.put("type", "outcome");
        record.put("taskId", task.taskId());
        record.put("time", task.finishedAt().toString());
        record.put("status", task.status().flowStatus());
        record.put("detail", task.detail());
        ArrayNode sessions = record.putArray("sessions");
        for (SessionOutcome outcome : task.outcomes()) {
            ObjectNode item = sessions.addObject();
            item.put("id", outcome.sessionId());
            item.put("outcome", outcome.outcome().name());
            if (!outcome.message().isEmpty()) {
                item.put("message", outcome.message());
            }
        }
        return record;
    }

    /** Records a request refused before it became a task (bad input, no permission, unknown instance). */
    public void refused(Instant at, String actor, KillRequest request, KillSessionException why) {
        ObjectNode record = JSON.createObjectNode();
        record.put("type", "refused");
        record.put("time", at.toString());
        record.put("actor", actor);
        record.put("instanceId", request.instanceId());
        record.put("shardId", request.shardId());
        record.put("shardSerialId", request.shardSerialId());
        record.put("mode", request.effectiveMode().name());
        ArrayNode ids = record.putArray("sessionIds");
        if (request.sessionIds() != null) {
            request.sessionIds().forEach(id -> ids.add(id == null ? -1 : id));
        }
        record.put("code", why.code().code());
        record.put("message", why.getMessage());
        try {
            await(new Write(record, null));
        } catch (IOException e) {
            LOG.warn("could not record a refused request in {}: {}", file, e.getMessage());
        }
    }

    private void submit(Write write) {
        synchronized (queue) {
            if (closed || stopped) {
                String why = writerFailure != null ? "the audit writer stopped: " + writerFailure : file + " is closed";
                write.done.completeExceptionally(new IOException(why));
                return;
            }
            queue.add(write);
        }
    }

    /** Hands a record to the writer and waits until it is on disk. */
    private KillTask await(Write write) throws IOException {
        submit(write);
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

    private void writeLoop() {
        List<Write> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread on purpose: close() sends STOP instead
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP);
            if (!batch.isEmpty()) {
                try {
                    writeBatch(batch);
                } catch (IOException | RuntimeException e) {
                    fail(batch, e instanceof IOException ? (IOException) e : new IOException(e.toString(), e));
                } catch (Throwable e) {
                    // An Error (out of memory): nothing can be recorded any more, so nothing may be killed.
                    writerFailure = e;
                    fail(batch, new IOException("the audit writer stopped: " + e, e));
                    break;
                }
            }
            batch.clear();
        }
        synchronized (queue) {
            stopped = true;
            List<Write> left = new ArrayList<>();
            queue.drainTo(left);
            left.remove(STOP);
            fail(left, new IOException(file + " is closed"));
        }
    }

    private static void fail(List<Write> writes, IOException why) {
        for (Write write : writes) {
            write.done.completeExceptionally(why);
        }
    }

    /** Writes every record of the batch with one flush to disk, then acknowledges them. */
    private synchronized void writeBatch(List<Write> batch) throws IOException {
        List<KillTask> results = new ArrayList<>(batch.size());
        List<KillTask> outcomes = new ArrayList<>(batch.size());
        long[] intentAt = new long[batch.size()];
        try (FileLock ignored = lock()) {
            catchUp();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            if (!endsWithNewline) {
                bytes.write('\n');
            }
            long nextId = maxTaskId;
            for (int i = 0; i < batch.size(); i++) {
                Write write = batch.get(i);
                ObjectNode record = write.record;
                intentAt[i] = bytes.size(); // from the start of the batch; the batch's place is added below
                KillTask task = null;
                if (write.intent != null) {
                    KillTask intent = write.intent;
                    task = new KillTask(++nextId, intent.requestedAt(), null, intent.actor(), intent.instanceId(),
                            intent.shardId(), intent.shardSerialId(), intent.mode(), intent.sessionIds(),
                            TaskStatus.RUNNING, "", List.of());
                    record = intentRecord(task);
                }
                bytes.write(JSON.writeValueAsBytes(record));
                bytes.write('\n');
                KillTask settled = null;
                if (write.settle != null) {
                    try {
                        settled = write.settle.apply(task);
                    } catch (RuntimeException e) {
                        // Never let one task's outcome sink the batch: it is recorded, as failed, like the rest.
                        LOG.error("task {}: its outcome could not be made", task.taskId(), e);
                        settled = task.finish(Instant.now(), TaskStatus.FAILED,
                                "internal error recording the outcome; nothing was killed", List.of());
                    }
                    bytes.write(JSON.writeValueAsBytes(outcomeRecord(settled)));
                    bytes.write('\n');
                }
                results.add(task);
                outcomes.add(settled);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            long position = channel.size();
            long start = position;
            boolean caughtUp = readOffset == position && endsWithNewline;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(false);
            endsWithNewline = true;
            if (caughtUp) {
                // Nobody else wrote in between (the lock is held): take the records in as written, unread.
                for (int i = 0; i < batch.size(); i++) {
                    take(results.get(i), batch.get(i).outcome, start + intentAt[i]);
                    take(null, outcomes.get(i), -1);
                }
                readOffset = position;
            } else {
                catchUp(); // takes the records in (tasks, owners, the highest TaskId) exactly as another reader would
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(outcomes.get(i) != null ? outcomes.get(i) : results.get(i));
        }
    }

    /** What {@link #parseRecord} would make of an intent or outcome record written here. */
    private void take(KillTask intent, KillTask outcome, long intentOffset) {
        if (intent != null) {
            began(intent, new String[] {String.valueOf(pid), processStart}, intentOffset);
        } else if (outcome != null) {
            ended(outcome);
        }
    }

    /** An intent read or written at {@code offset}: a running task. */
    private void began(KillTask task, String[] owner, long offset) {
        long taskId = task.taskId();
        tasks.put(taskId, task);
        owners.put(taskId, owner);
        checkpoints.putIfAbsent(taskId >> CHECKPOINT_BITS, offset);
        maxTaskId = Math.max(maxTaskId, taskId);
        // Push out the oldest: a finished one can be read back from the file; one without an outcome stays.
        for (Iterator<KillTask> oldest = tasks.values().iterator(); tasks.size() > recentTasks; ) {
            KillTask old = oldest.next();
            oldest.remove();
            if (old.status() == TaskStatus.RUNNING) {
                unfinished.put(old.taskId(), old);
            }
        }
    }

    /** An outcome: the task it finishes, if it is still in memory, becomes that; an older one is let go. */
    private void ended(KillTask outcome) {
        long taskId = outcome.taskId();
        if (tasks.containsKey(taskId)) {
            tasks.put(taskId, outcome);
        }
        unfinished.remove(taskId);
        owners.remove(taskId);
    }

    private KillTask inMemory(long taskId) {
        KillTask task = tasks.get(taskId);
        return task != null ? task : unfinished.get(taskId);
    }

    public Optional<KillTask> task(long taskId) {
        long from;
        long upTo;
        synchronized (this) {
            refresh();
            KillTask task = inMemory(taskId);
            if (task != null) {
                return Optional.of(view(task, owners.get(taskId)));
            }
            Map.Entry<Long, Long> checkpoint = taskId > 0 && taskId <= maxTaskId
                    ? checkpoints.floorEntry(taskId >> CHECKPOINT_BITS) : null;
            if (checkpoint == null) {
                return Optional.empty();
            }
            from = checkpoint.getValue();
            upTo = readOffset;
        }
        // An older task, finished (one without an outcome is kept in memory): read back without holding the log,
        // so a look far back never holds up the writer.
        try {
            return Optional.ofNullable(readBack(taskId, from, upTo));
        } catch (IOException e) {
            LOG.warn("could not read task {} back from {}: {}", taskId, file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The newest tasks (as many as this log keeps, and any older one still without an outcome), newest
     * first. Older ones are in the file and answer {@link #task(long)}.
     */
    public synchronized List<KillTask> tasks() {
        refresh();
        List<KillTask> all = new ArrayList<>(tasks.size() + unfinished.size());
        for (KillTask task : tasks.values()) {
            all.add(view(task, owners.get(task.taskId())));
        }
        for (KillTask task : unfinished.values()) {
            all.add(view(task, owners.get(task.taskId())));
        }
        all.sort(Comparator.comparingLong(KillTask::taskId).reversed());
        return all;
    }

    /** A running task of a process that is gone can never finish: it reads as failed, interrupted. */
    private KillTask view(KillTask task, String[] owner) {
        if (task == null || task.status() != TaskStatus.RUNNING) {
            return task;
        }
        if (owner != null && alive(owner[0], owner[1])) {
            return task;
        }
        return task.finish(null, TaskStatus.FAILED, INTERRUPTED, List.of());
    }

    /**
     * Finds a task's intent at or after {@code from} and its outcome after that, reading no further than
     * {@code upTo}. Intents are in TaskId order, so the search for the intent ends at the first larger TaskId.
     */
    private KillTask readBack(long taskId, long from, long upTo) throws IOException {
        byte[] mark = ("\"taskId\":" + taskId).getBytes(StandardCharsets.US_ASCII);
        KillTask found = null;
        String[] owner = null;
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            long offset = from;
            int chunk = READ_BACK_CHUNK;
            while (offset < upTo) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunk, upTo - offset));
                while (buffer.hasRemaining() && reader.read(buffer, offset + buffer.position()) > 0) {
                    // read the chunk, or up to the end
                }
                byte[] bytes = buffer.array();
                int length = buffer.position();
                if (length == 0) {
                    break;
                }
                int start = 0;
                for (int i = 0; i < length; i++) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    if (found == null && intentAfter(bytes, start, i, taskId)) {
                        return null; // a later task's intent: this TaskId was never recorded (or is unreadable)
                    }
                    if (contains(bytes, start, i, mark)) {
                        JsonNode record = readTree(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                        String type = record == null ? "" : record.path("type").asText();
                        try {
                            if (found == null && type.equals("intent") && record.path("taskId").asLong() == taskId) {
                                KillTask intent = intentTask(record);
                                owner = new String[] {record.path("pid").asText(),
                                        record.path("processStart").asText()};
                                found = intent;
                            } else if (found != null && type.equals("outcome")
                                    && record.path("taskId").asLong() == taskId) {
                                return outcomeTask(found, record);
                            }
                        } catch (RuntimeException e) {
                            // Valid JSON this version cannot use: skipped, as when the log is read from the start.
                            LOG.warn("{}: record at byte {} skipped: {}", file, offset + start, e.toString());
                        }
                    }
                    start = i + 1;
                }
                if (start == 0 && chunk < READ_CHUNK) {
                    chunk = READ_CHUNK; // one long record: read it whole
                    continue;
                }
                if (start == 0) {
                    // A record longer than READ_CHUNK: skipped, as it is when the log is read from the start.
                    offset = skipLine(reader, offset + length, upTo);
                    chunk = READ_BACK_CHUNK;
                    continue;
                }
                chunk = READ_BACK_CHUNK;
                offset += start;
            }
        }
        return view(found, owner);
    }

    private static final byte[] INTENT_PREFIX = "{\"type\":\"intent\",\"taskId\":".getBytes(StandardCharsets.US_ASCII);

    /** Whether the line is an intent, as this log writes them, of a TaskId larger than {@code taskId}. */
    private static boolean intentAfter(byte[] bytes, int start, int end, long taskId) {
        if (end - start <= INTENT_PREFIX.length || !Arrays.equals(bytes, start, start + INTENT_PREFIX.length,
                INTENT_PREFIX, 0, INTENT_PREFIX.length)) {
            return false;
        }
        long id = 0;
        int digits = 0;
        for (int i = start + INTENT_PREFIX.length; i < end && digits < 18 && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            id = id * 10 + (bytes[i] - '0');
            digits++;
        }
        return digits > 0 && id > taskId;
    }

    /** Whether the line holds {@code mark} followed by something other than a digit. */
    private static boolean contains(byte[] bytes, int start, int end, byte[] mark) {
        outer:
        for (int i = start; i + mark.length < end; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (bytes[i + j] != mark[j]) {
                    continue outer;
                }
            }
            byte next = bytes[i + mark.length];
            if (next < '0' || next > '9') {
                return true;
            }
        }
        return false;
    }

    private boolean alive(String ownerPid, String ownerStart) {
        try {
            long id = Long.parseLong(ownerPid);
            if (id == pid) {
                return ownerStart.equals(processStart);
            }
            return ProcessHandle.of(id).filter(ProcessHandle::isAlive)
                    .map(handle -> startOf(handle).equals(ownerStart)).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void refresh() {
        try {
            catchUp();
        } catch (IOException e) {
            LOG.warn("could not read {}: {}", file, e.getMessage());
        }
    }

    /**
     * Reads what was appended since the last read (by this or another process), through a channel of its own:
     * an interrupted reader closes only that one, never the writer's.
     */
    private void catchUp() throws IOException {
        if (!closed && channel.size() == readOffset && endsWithNewline) {
            return; // nothing new: no need to open a reader (once closed, the file is read as before)
        }
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = reader.size();
            while (readOffset < size) {
                // Bounded chunks: a years-long log is read piece by piece, never into one huge buffer.
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_CHUNK, size - readOffset));
                while (buffer.hasRemaining() && reader.read(buffer, readOffset + buffer.position()) > 0) {
                    // read the chunk, or up to the end
                }
                byte[] bytes = new byte[buffer.position()];
                buffer.flip();
                buffer.get(bytes);
                int start = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == '\n') {
                        parse(new String(bytes, start, i - start, StandardCharsets.UTF_8), readOffset + start);
                        start = i + 1;
                    }
                }
                if (start == 0 && bytes.length == READ_CHUNK) {
                    LOG.warn("{}: a record over {} bytes at byte {} is skipped", file, READ_CHUNK, readOffset);
                    readOffset = skipLine(reader, readOffset + bytes.length, size);
                    continue;
                }
                readOffset += start;
                if (start < bytes.length && readOffset + (bytes.length - start) >= size) {
                    // A torn last line (a crash mid-write) stays unread; the next append starts on a new line.
                    endsWithNewline = false;
                    LOG.warn("{}: an incomplete last record at byte {} is ignored", file, readOffset);
                    return;
                }
                if (bytes.length == 0) {
                    break;
                }
            }
            endsWithNewline = true;
        }
    }

    /** The offset just past the next newline at or after {@code from}, or {@code size}. */
    private static long skipLine(FileChannel reader, long from, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(8192);
        long position = from;
        while (position < size) {
            one.clear();
            int read = reader.read(one, position);
            if (read <= 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (one.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += read;
        }
        return size;
    }

    private void parse(String line, long offset) {
        try {
            parseRecord(line, offset);
        } catch (RuntimeException e) {
            // Valid JSON we cannot use (a newer version's value, a missing field): skip it, never stop on it.
            LOG.warn("{}: record at byte {} skipped: {}", file, offset, e.toString());
        }
    }

    private void parseRecord(String line, long offset) {
        if (line.isBlank()) {
            return;
        }
        JsonNode record = readTree(line);
        if (record == null) {
            LOG.warn("{}: unreadable record at byte {} skipped", file, offset);
            return;
        }
        String type = record.path("type").asText();
        if (type.equals("intent")) {
            began(intentTask(record), new String[] {record.path("pid").asText(), record.path("processStart").asText()},
                    offset);
        } else if (type.equals("outcome")) {
            KillTask task = inMemory(record.path("taskId").asLong(0));
            if (task != null) {
                ended(outcomeTask(task, record));
            }
        }
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static KillTask intentTask(JsonNode record) {
        List<Long> ids = new ArrayList<>();
        record.path("sessionIds").forEach(id -> ids.add(id.asLong()));
        KillMode mode = KillMode.valueOf(record.path("mode").asText("CONNECTION"));
        return new KillTask(record.path("taskId").asLong(0), Instant.parse(record.path("time").asText()), null,
                record.path("actor").asText(), record.path("instanceId").asText(), text(record, "shardId"),
                text(record, "shardSerialId"), mode, ids, TaskStatus.RUNNING, "", List.of());
    }

    private static KillTask outcomeTask(KillTask task, JsonNode record) {
        List<SessionOutcome> outcomes = new ArrayList<>();
        for (JsonNode item : record.path("sessions")) {
            outcomes.add(new SessionOutcome(item.path("id").asLong(), Outcome.valueOf(item.path("outcome").asText()),
                    item.path("message").asText("")));
        }
        TaskStatus status = record.path("status").asInt() == 0 ? TaskStatus.SUCCESS : TaskStatus.FAILED;
        return task.finish(Instant.parse(record.path("time").asText()), status, record.path("detail").asText(""),
                outcomes);
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private FileLock lock() throws IOException {
        long deadline = System.currentTimeMillis() + LOCK_TIMEOUT_MS;
        while (true) {
            try {
                FileLock lock = lockChannel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // held by another thread of this process; the monitor makes this rare
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException(file + " is locked by another process for more than "
                        + LOCK_TIMEOUT_MS / 1000 + " s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the lock on " + file, e);
            }
        }
    }

    private static String startOf(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toString).orElse("");
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() throws IOException {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join(WRITE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            channel.close();
            lockChannel.close();
        }
    }
}
