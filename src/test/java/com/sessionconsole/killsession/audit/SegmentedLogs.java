package com.sessionconsole.killsession.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the segment tests share: tasks to write, and the files of a data dir read the plain way. */
final class SegmentedLogs {
    /** Segments of 2 KiB: some five tasks each, so a few hundred tasks make dozens of rotations. */
    static final AuditFileOptions TINY = new AuditFileOptions(2048, 0);

    private SegmentedLogs() {
    }

    static TaskIntent intent(long session) {
        return new TaskIntent(Instant.now(), "test", "tdsqlshard-x", "shard-x1", "set_x_1", KillMode.CONNECTION,
                List.of(session));
    }

    /** A task settled without a KILL: intent and outcome in one write. */
    static KillTask settled(AuditStore log, long session) throws IOException {
        return log.settled(intent(session), task -> task.finish(Instant.now(), TaskStatus.SUCCESS, "",
                List.of(new SessionOutcome(session, Outcome.ALREADY_GONE, "gone"))));
    }

    static KillTask killed(KillTask task) {
        return task.finish(Instant.now(), TaskStatus.SUCCESS, "", List.of(new SessionOutcome(
                task.sessionIds().get(0), Outcome.KILLED, "")));
    }

    /** The data dir's files in order: the segments, oldest first, then audit.jsonl when there is one. */
    static List<Path> files(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        new AuditFiles(dir).segments().forEach(segment -> files.add(segment.path()));
        if (Files.exists(dir.resolve(FileAuditStore.FILE_NAME))) {
            files.add(dir.resolve(FileAuditStore.FILE_NAME));
        }
        return files;
    }

    /** The TaskIds of a file's intents, in file order, read line by line. */
    static List<Long> intentIds(Path file) throws IOException {
        return ids(file, AuditRecords.INTENT);
    }

    static List<Long> outcomeIds(Path file) throws IOException {
        return ids(file, AuditRecords.OUTCOME);
    }

    private static List<Long> ids(Path file, String type) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode record = AuditRecords.read(line);
            if (record != null && AuditRecords.type(record).equals(type)) {
                ids.add(AuditRecords.taskId(record));
            }
        }
        return ids;
    }
}
