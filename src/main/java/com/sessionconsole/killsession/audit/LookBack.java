package com.sessionconsole.killsession.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.KillTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a task that memory no longer holds in the files, without reading them through. Intents are written in
 * TaskId order (the writer gives the TaskIds under the lock), so the file whose first TaskId is the largest not
 * above the task's holds its intent, and a binary search over that file's bytes finds it: seek to the middle,
 * skip to the next line, read the next intent's TaskId, keep the half that holds the task. Its outcome follows
 * within seconds, in the same file or the next one; it is looked for forward, at most {@link #OUTCOME_BYTES} or
 * until the records are {@link #OUTCOME_TIME} younger than the intent. A task without an outcome within that
 * bound reads as running while its process lives, else as interrupted. Each look opens files of its own and
 * holds no lock, so it never holds up the writer.
 */
final class LookBack {
    /** How far past its intent an outcome is looked for: at the API's top rate, some 40 s of records. */
    static final long OUTCOME_BYTES = 64L * 1024 * 1024;
    /** Records this much younger than the intent end the look for its outcome (a kill takes seconds). */
    static final Duration OUTCOME_TIME = Duration.ofHours(1);
    /** The record times are looked at once per this many bytes read. */
    private static final long TIME_EVERY = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LookBack.class);
    private static final byte[] INTENT_PREFIX = "{\"type\":\"intent\",\"taskId\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUTCOME_PREFIX = "{\"type\":\"outcome\",\"taskId\":"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = ",\"time\":\"".getBytes(StandardCharsets.US_ASCII);

    private LookBack() {
    }

    /** The task as a reader sees it, or null when no file holds a usable intent of it. */
    static KillTask find(AuditFiles files, long taskId) throws IOException {
        List<AuditFiles.Segment> segments = files.segments();
        KillTask task = find(files, segments, taskId);
        if (task == null && !segments.equals(files.segments())) {
            task = find(files, files.segments(), taskId); // rotated meanwhile: the intent may have moved
        }
        return task;
    }

    private static KillTask find(AuditFiles files, List<AuditFiles.Segment> segments, long taskId) throws IOException {
        List<Path> order = new ArrayList<>();
        segments.forEach(segment -> order.add(segment.path()));
        order.add(files.active());
        int index = segments.size();
        IntentSearch.Hit hit = null;
        try (FileChannel active = AuditFiles.openIfThere(files.active())) {
            long first = active == null ? -1 : firstIntent(active, files.active().toString());
            if (first > 0 && taskId >= first) {
                hit = IntentSearch.search(active, taskId, files.active().toString());
            } else {
                index = -1;
            }
        }
        for (int i = segments.size() - 1; index < 0 && i >= 0; i--) {
            if (segments.get(i).firstTaskId() <= taskId) {
                index = i;
            }
        }
        if (index < 0) {
            return null;
        }
        if (index < segments.size()) {
            try (FileChannel segment = AuditFiles.openIfThere(order.get(index))) {
                hit = segment == null ? null : IntentSearch.search(segment, taskId, order.get(index).toString());
            }
        }
        if (hit == null) {
            return null;
        }
        KillTask finished = outcome(order, index, hit, taskId);
        return finished != null ? finished : RecentTasks.view(hit.task(), hit.owner());
    }

    /** Looks forward from the intent for the task's outcome, within the bound. */
    private static KillTask outcome(List<Path> order, int index, IntentSearch.Hit hit, long taskId) throws IOException {
        Instant until = hit.task().requestedAt().plus(OUTCOME_TIME);
        KillTask[] found = new KillTask[1];
        boolean[] tooLate = new boolean[1];
        long[] timeAt = {-TIME_EVERY};
        long budget = OUTCOME_BYTES;
        for (int i = index; i < order.size() && budget > 0 && found[0] == null && !tooLate[0]; i++) {
            Path path = order.get(i);
            long from = i == index ? hit.end() : 0;
            long[] read = {0};
            try (FileChannel file = AuditFiles.openIfThere(path)) {
                if (file == null) {
                    continue;
                }
                long to = Math.min(file.size(), from + budget);
                Lines.forward(file, from, to, path.toString(), (bytes, start, end, offset) -> {
                    read[0] += end - start + 1;
                    // Only an outcome of this TaskId is parsed: the others are told by their first bytes.
                    if (recordId(OUTCOME_PREFIX, bytes, start, end) == taskId) {
                        found[0] = outcomeOf(hit.task(), bytes, start, end, taskId, path, offset);
                    } else if (read[0] - timeAt[0] >= TIME_EVERY && intentId(bytes, start, end) > 0) {
                        timeAt[0] = read[0];
                        tooLate[0] = until.isBefore(time(bytes, start, end));
                    }
                    return found[0] == null && !tooLate[0];
                });
            }
            budget -= read[0];
            timeAt[0] -= read[0];
        }
        return found[0];
    }

    private static KillTask outcomeOf(KillTask task, byte[] bytes, int start, int end, long taskId, Path path,
                                      long offset) {
        JsonNode record = AuditRecords.read(new String(bytes, start, end - start, StandardCharsets.UTF_8));
        if (record == null || !AuditRecords.type(record).equals(AuditRecords.OUTCOME)
                || AuditRecords.taskId(record) != taskId) {
            return null;
        }
        try {
            return AuditRecords.outcomeTask(task, record);
        } catch (RuntimeException e) {
            // Valid JSON this version cannot use: skipped, as when the log is read in order.
            LOG.warn("{}: record at byte {} skipped: {}", path, offset, e.toString());
            return null;
        }
    }

    /** The TaskId of the file's first intent, or -1 when it holds none. */
    static long firstIntent(FileChannel file, String name) throws IOException {
        long[] first = {-1};
        Lines.forward(file, 0, file.size(), name, (bytes, start, end, offset) -> {
            first[0] = intentId(bytes, start, end);
            return first[0] < 0;
        });
        return first[0];
    }

    /**
     * The TaskId of a line that is an intent as this log writes it (type first, then taskId), read from its bytes
     * without parsing it; -1 for any other line, or a TaskId out of range.
     */
    static long intentId(byte[] bytes, int start, int end) {
        return recordId(INTENT_PREFIX, bytes, start, end);
    }

    /** The TaskId of a line that starts with {@code prefix} and a TaskId in range, or -1. */
    private static long recordId(byte[] prefix, byte[] bytes, int start, int end) {
        if (end - start <= prefix.length || !Arrays.equals(bytes, start, start + prefix.length, prefix, 0,
                prefix.length)) {
            return -1;
        }
        long id = 0;
        int digits = 0;
        for (int i = start + prefix.length; i < end && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            if (++digits > 16) {
                return -1; // beyond the largest TaskId
            }
            id = id * 10 + (bytes[i] - '0');
        }
        return digits > 0 && id <= RecentTasks.MAX_TASK_ID ? id : -1;
    }

    /** The time of an intent line, or the epoch when it has none this reader can tell. */
    private static Instant time(byte[] bytes, int start, int end) {
        for (int i = start; i + TIME.length < end; i++) {
            if (Arrays.equals(bytes, i, i + TIME.length, TIME, 0, TIME.length)) {
                int from = i + TIME.length;
                int to = from;
                while (to < end && bytes[to] != '"') {
                    to++;
                }
                try {
                    return Instant.parse(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
                } catch (DateTimeParseException e) {
                    return Instant.EPOCH;
                }
            }
        }
        return Instant.EPOCH;
    }
}
