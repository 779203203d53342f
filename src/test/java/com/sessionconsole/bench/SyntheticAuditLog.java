package com.sessionconsole.bench;

import com.sessionconsole.killsession.audit.AuditFileOptions;
import com.sessionconsole.killsession.audit.FileAuditStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * Writes a big audit log straight to disk, in the records the audit writer makes (AuditRecords) and the files
 * its rotation leaves (segments of 64 MiB named by their first TaskId, then audit.jsonl), in seconds rather than
 * the hours the group-committed writer would take: intents in TaskId order from four processes that are gone,
 * each outcome one to three tasks later (so some land in the next segment), a refusal now and then, a few tasks
 * interrupted (no outcome), and two still running in this process (one old, one among the newest).
 */
final class SyntheticAuditLog {
    /** About 500 bytes a task, as the API writes them (414,000 tasks made 200 MB). */
    static final int TASKS = 2_000_000;
    /** Every this many TaskIds, one has no outcome: its process died mid-kill. */
    static final int INTERRUPTED_EVERY = 400_000;
    static final long OLD_RUNNING = 1_000;
    static final long NEW_RUNNING = TASKS - 10;
    private static final String DEAD_START = "2026-11-29T10:00:00.120Z";

    private final Path dir;
    private final Random random = new Random(42);
    private final Instant base = Instant.now().minusSeconds(TASKS / 3_450);
    private final String livePid = String.valueOf(ProcessHandle.current().pid());
    private final String liveStart = ProcessHandle.current().info().startInstant().map(Instant::toString).orElse("");
    private OutputStream out;
    private long written;
    private long inFile;
    private long firstInFile = 1;

    private SyntheticAuditLog(Path dir) {
        this.dir = dir;
    }

    static boolean interrupted(long taskId) {
        return taskId % INTERRUPTED_EVERY == 123;
    }

    /** Writes the log into {@code dir}; returns its size in bytes. */
    static long write(Path dir) throws IOException {
        SyntheticAuditLog log = new SyntheticAuditLog(dir);
        log.writeAll();
        return log.written;
    }

    private void writeAll() throws IOException {
        open();
        ArrayDeque<long[]> pending = new ArrayDeque<>(); // {taskId, due}
        StringBuilder line = new StringBuilder(1024);
        for (long id = 1; id <= TASKS; id++) {
            if (inFile >= AuditFileOptions.DEFAULT_SEGMENT_BYTES) {
                rotate(id);
            }
            intent(line, id);
            if (id % 5_000 == 0) {
                refusal(line, id);
            }
            if (!interrupted(id) && id != OLD_RUNNING && id != NEW_RUNNING) {
                pending.add(new long[] {id, id + random.nextInt(3)});
            }
            while (!pending.isEmpty() && pending.peek()[1] <= id) {
                outcome(line, pending.poll()[0]);
            }
        }
        while (!pending.isEmpty()) {
            outcome(line, pending.poll()[0]);
        }
        out.close();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(FileAuditStore.FILE_NAME)), 1 << 20);
    }

    /** As the writer rotates: audit.jsonl renamed to the segment of its first TaskId, and a new one. */
    private void rotate(long nextId) throws IOException {
        out.close();
        Files.move(dir.resolve(FileAuditStore.FILE_NAME), dir.resolve(String.format("audit.%016d.jsonl", firstInFile)),
                StandardCopyOption.ATOMIC_MOVE);
        firstInFile = nextId;
        inFile = 0;
        open();
    }

    private Instant time(long taskId) {
        return base.plusNanos(taskId * 290_000L);
    }

    private void intent(StringBuilder line, long id) throws IOException {
        boolean live = id == OLD_RUNNING || id == NEW_RUNNING;
        line.setLength(0);
        line.append("{\"type\":\"intent\",\"taskId\":").append(id).append(",\"time\":\"").append(time(id))
                .append("\",\"actor\":\"api:AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPL").append(id % 7)
                .append("\",\"instanceId\":\"tdsqlshard-bench000").append(id % 4)
                .append("\",\"shardId\":\"shard-bench-a").append(id % 8)
                .append("\",\"shardSerialId\":\"set_1638244558_").append(id % 8)
                .append("\",\"mode\":\"CONNECTION\",\"sessionIds\":[").append(3_000_000 + id).append(',')
                .append(4_000_000 + id).append("],\"pid\":").append(live ? livePid : String.valueOf(4_100_001 + id % 4))
                .append(",\"processStart\":\"").append(live ? liveStart : DEAD_START).append("\"}\n");
        put(line);
    }

    private void outcome(StringBuilder line, long id) throws IOException {
        line.setLength(0);
        line.append("{\"type\":\"outcome\",\"taskId\":").append(id).append(",\"time\":\"")
                .append(time(id).plusMillis(3)).append("\",\"status\":0,\"detail\":\"\",\"sessions\":[{\"id\":")
                .append(3_000_000 + id).append(",\"outcome\":\"KILLED\"},{\"id\":").append(4_000_000 + id)
                .append(",\"outcome\":\"ALREADY_GONE\",\"message\":\"no such session: it has ended\"}]}\n");
        put(line);
    }

    private void refusal(StringBuilder line, long id) throws IOException {
        line.setLength(0);
        line.append("{\"type\":\"refused\",\"time\":\"").append(time(id)).append("\",\"actor\":\"api:AKIDreader\"")
                .append(",\"instanceId\":\"tdsqlshard-bench0001\",\"shardId\":\"shard-bench-a1\"")
                .append(",\"shardSerialId\":null,\"mode\":\"CONNECTION\",\"sessionIds\":[5]")
                .append(",\"code\":\"UnauthorizedOperation.PermissionDenied\"")
                .append(",\"message\":\"api:AKIDreader may not kill sessions (read-only)\"}\n");
        put(line);
    }

    private void put(StringBuilder line) throws IOException {
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        written += bytes.length;
        inFile += bytes.length;
    }
}
