package com.sessionconsole.killsession.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.KillTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the newest tasks into memory without reading the whole log: the active file backwards from its end,
 * then the segments newest first, until as many intents as the memory keeps are read. An outcome follows its
 * intent in the log, so reading backwards meets it first and keeps it until its intent comes. The newest intent
 * read is the highest TaskId. Opening therefore reads about 500 bytes per task kept, whatever the log's size.
 */
final class NewestTasks {
    private static final Logger LOG = LoggerFactory.getLogger(NewestTasks.class);

    private record Intent(KillTask task, ProcessIdentity owner) {
    }

    private final int wanted;
    /** The intents read, newest first. */
    private final List<Intent> intents = new ArrayList<>();
    private final Map<Long, JsonNode> outcomes = new HashMap<>();
    /** Only intents below the last one read are taken: a file that repeats another's tasks adds nothing. */
    private long below = Long.MAX_VALUE;
    private String name = "";

    private NewestTasks(int wanted) {
        this.wanted = wanted;
    }

    /**
     * Reads the newest tasks into {@code recent}.
     *
     * @param active the active file, or null when there is none
     * @param end    where the active file's complete lines end
     */
    static void load(AuditFiles files, FileChannel active, long end, RecentTasks recent) throws IOException {
        NewestTasks newest = new NewestTasks(recent.capacity());
        if (active != null) {
            newest.name = files.active().toString();
            Lines.backward(active, end, newest.name, newest::line);
        }
        List<AuditFiles.Segment> segments = files.segments();
        for (int i = segments.size() - 1; i >= 0 && newest.intents.size() < newest.wanted; i--) {
            newest.name = segments.get(i).path().toString();
            try (FileChannel segment = AuditFiles.openIfThere(segments.get(i).path())) {
                if (segment != null) { // else deleted meanwhile (retention)
                    Lines.backward(segment, Lines.completeEnd(segment, segment.size()), newest.name, newest::line);
                }
            }
        }
        for (int i = newest.intents.size() - 1; i >= 0; i--) {
            Intent intent = newest.intents.get(i);
            recent.began(intent.task(), intent.owner());
            JsonNode outcome = newest.outcomes.get(intent.task().taskId());
            if (outcome != null) {
                try {
                    recent.ended(AuditRecords.outcomeTask(intent.task(), outcome));
                } catch (RuntimeException e) {
                    LOG.warn("{}: outcome of task {} skipped: {}", files.dir(), intent.task().taskId(), e.toString());
                }
            }
        }
        if (!segments.isEmpty()) {
            // A segment is named by its first TaskId: that one is taken even if no intent of it could be read.
            recent.taken(segments.get(segments.size() - 1).firstTaskId());
        }
    }

    private boolean line(byte[] bytes, int start, int end, long offset) {
        if (end <= start) {
            return true;
        }
        JsonNode record = AuditRecords.read(new String(bytes, start, end - start, StandardCharsets.UTF_8));
        if (record == null) {
            LOG.warn("{}: unreadable record at byte {} skipped", name, offset);
            return true;
        }
        long taskId = AuditRecords.taskId(record);
        if (record.has("taskId") && (taskId <= 0 || taskId > RecentTasks.MAX_TASK_ID)) {
            LOG.warn("{}: record at byte {} skipped: TaskId {} is out of range", name, offset,
                    record.path("taskId").asText());
            return true;
        }
        String type = AuditRecords.type(record);
        if (type.equals(AuditRecords.OUTCOME)) {
            outcomes.putIfAbsent(taskId, record); // the last outcome written is the one that counts
        } else if (type.equals(AuditRecords.INTENT) && taskId < below) {
            try {
                intents.add(new Intent(AuditRecords.intentTask(record), AuditRecords.owner(record)));
                below = taskId;
            } catch (RuntimeException e) {
                // Valid JSON this version cannot use (a newer version's value): skipped, as a forward read does.
                LOG.warn("{}: record at byte {} skipped: {}", name, offset, e.toString());
            }
        }
        return intents.size() < wanted;
    }
}
