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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The append-only record of every kill request (JSON Lines), which is also the task store: TaskIds are the
 * highest id in the log plus one, so they keep increasing across restarts and across processes sharing the
 * data dir (the window and the command line), which take an OS file lock around each append.
 *
 * <p>An intent is written and forced to disk before any KILL is sent, the outcome after; a task whose outcome
 * never got written reads as failed ("interrupted") once the process that ran it is gone.
 */
public final class AuditLog implements AutoCloseable {
    public static final String FILE_NAME = "audit.jsonl";
    static final String INTERRUPTED = "interrupted: the console stopped before the outcome was recorded";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final long LOCK_TIMEOUT_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final long pid = ProcessHandle.current().pid();
    private final String processStart = startOf(ProcessHandle.current());
    private final Map<Long, KillTask> tasks = new LinkedHashMap<>();
    private final Map<Long, String[]> owners = new LinkedHashMap<>();
    private final GroupCommit disk;
    private long readOffset;
    private long maxTaskId;
    private boolean endsWithNewline = true;

    private AuditLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        this.disk = new GroupCommit(channel);
    }

    public static AuditLog open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        AuditLog log = new AuditLog(file, channel);
        synchronized (log) {
            log.catchUp();
        }
        return log;
    }

    public Path file() {
        return file;
    }

    /** Records the intent (forced to disk) and returns the new running task with its TaskId. */
    public KillTask begin(Instant at, String actor, String instanceId, String shardId, String shardSerialId,
                          KillMode mode, List<Long> sessionIds) throws IOException {
        long[] end = new long[1];
        KillTask task = beginRecord(at, actor, instanceId, shardId, shardSerialId, mode, sessionIds, end);
        disk.await(end[0]); // before any KILL is sent
        return task;
    }

    private synchronized KillTask beginRecord(Instant at, String actor, String instanceId, String shardId,
                                              String shardSerialId, KillMode mode, List<Long> sessionIds, long[] end)
            throws IOException {
        try (FileLock ignored = lock()) {
            catchUp();
            long taskId = maxTaskId + 1;
            ObjectNode record = JSON.createObjectNode();
            record.put("type", "intent");
            record.put("taskId", taskId);
            record.put("time", at.toString());
            record.put("actor", actor);
            record.put("instanceId", instanceId);
            record.put("shardId", shardId);
            record.put("shardSerialId", shardSerialId);
            record.put("mode", mode.name());
            ArrayNode ids = record.putArray("sessionIds");
            sessionIds.forEach(ids::add);
            record.put("pid", pid);
            record.put("processStart", processStart);
            end[0] = append(record);
            KillTask task = new KillTask(taskId, at, null, actor, instanceId, shardId, shardSerialId, mode,
                    sessionIds, TaskStatus.RUNNING, "", List.of());
            tasks.put(taskId, task);
            owners.put(taskId, new String[] {Long.toString(pid), processStart});
            maxTaskId = taskId;
            return task;
        }
    }

    /** Records the outcome of a task begun here (forced to disk before it returns, so before any answer). */
    public void finish(KillTask task) throws IOException {
        disk.await(finishRecord(task));
    }

    private synchronized long finishRecord(KillTask task) throws IOException {
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
        long end;
        try (FileLock ignored = lock()) {
            catchUp();
            end = append(record);
        }
        tasks.put(task.taskId(), task);
        owners.remove(task.taskId());
        return end;
    }

    /** Records a request refused before it became a task (bad input, no permission, unknown instance). */
    public void refused(Instant at, String actor, KillRequest request, KillSessionException why) {
        long end = refusedRecord(at, actor, request, why);
        if (end < 0) {
            return;
        }
        try {
            disk.await(end);
        } catch (IOException e) {
            LOG.warn("could not force a refused request to disk in {}: {}", file, e.getMessage());
        }
    }

    private synchronized long refusedRecord(Instant at, String actor, KillRequest request, KillSessionException why) {
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
        try (FileLock ignored = lock()) {
            catchUp();
            return append(record);
        } catch (IOException e) {
            LOG.warn("could not record a refused request in {}: {}", file, e.getMessage());
            return -1;
        }
    }

    public synchronized Optional<KillTask> task(long taskId) {
        refresh();
        return Optional.ofNullable(view(tasks.get(taskId)));
    }

    /** Every task, newest first. */
    public synchronized List<KillTask> tasks() {
        refresh();
        List<KillTask> all = new ArrayList<>();
        for (KillTask task : tasks.values()) {
            all.add(view(task));
        }
        all.sort(Comparator.comparingLong(KillTask::taskId).reversed());
        return all;
    }

    /** A running task of a process that is gone can never finish: it reads as failed, interrupted. */
    private KillTask view(KillTask task) {
        if (task == null || task.status() != TaskStatus.RUNNING) {
            return task;
        }
        String[] owner = owners.get(task.taskId());
        if (owner != null && alive(owner[0], owner[1])) {
            return task;
        }
        return task.finish(null, TaskStatus.FAILED, INTERRUPTED, List.of());
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

    /** Reads what was appended since the last read (by this or another process). */
    private void catchUp() throws IOException {
        long size = channel.size();
        if (size <= readOffset) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - readOffset));
        channel.read(buffer, readOffset);
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                parse(new String(bytes, start, i - start, StandardCharsets.UTF_8), readOffset + start);
                start = i + 1;
            }
        }
        // A torn last line (a crash mid-write) stays unread; the next append starts on a new line.
        endsWithNewline = start == bytes.length;
        readOffset += start;
        if (!endsWithNewline && start < bytes.length) {
            LOG.warn("{}: an incomplete last record at byte {} is ignored", file, readOffset);
        }
    }

    private void parse(String line, long offset) {
        if (line.isBlank()) {
            return;
        }
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (IOException e) {
            LOG.warn("{}: unreadable record at byte {} skipped", file, offset);
            return;
        }
        String type = record.path("type").asText();
        long taskId = record.path("taskId").asLong(0);
        if (type.equals("intent")) {
            List<Long> ids = new ArrayList<>();
            record.path("sessionIds").forEach(id -> ids.add(id.asLong()));
            KillMode mode = KillMode.valueOf(record.path("mode").asText("CONNECTION"));
            tasks.put(taskId, new KillTask(taskId, Instant.parse(record.path("time").asText()), null,
                    record.path("actor").asText(), record.path("instanceId").asText(), text(record, "shardId"),
                    text(record, "shardSerialId"), mode, ids, TaskStatus.RUNNING, "", List.of()));
            owners.put(taskId, new String[] {record.path("pid").asText(), record.path("processStart").asText()});
            maxTaskId = Math.max(maxTaskId, taskId);
        } else if (type.equals("outcome")) {
            KillTask task = tasks.get(taskId);
            if (task == null) {
                return;
            }
            List<SessionOutcome> outcomes = new ArrayList<>();
            for (JsonNode item : record.path("sessions")) {
                outcomes.add(new SessionOutcome(item.path("id").asLong(), Outcome.valueOf(item.path("outcome").asText()),
                        item.path("message").asText("")));
            }
            TaskStatus status = record.path("status").asInt() == 0 ? TaskStatus.SUCCESS : TaskStatus.FAILED;
            tasks.put(taskId, task.finish(Instant.parse(record.path("time").asText()), status,
                    record.path("detail").asText(""), outcomes));
            owners.remove(taskId);
        }
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * Writes a record (page cache only) and returns where it ends; the caller waits for {@link GroupCommit}
     * to force it, outside this object's monitor, so that other requests can append meanwhile.
     */
    private long append(ObjectNode record) throws IOException {
        byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer;
        if (!endsWithNewline) {
            buffer = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line);
            buffer.flip();
        } else {
            buffer = ByteBuffer.wrap(line);
        }
        long position = channel.size();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        disk.written(position);
        endsWithNewline = true;
        catchUp(); // takes our own record in, and moves the read offset past it
        return position;
    }

    private FileLock lock() throws IOException {
        long deadline = System.currentTimeMillis() + LOCK_TIMEOUT_MS;
        while (true) {
            try {
                FileLock lock = channel.tryLock();
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

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
