package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary search over one file's bytes, on a file of some megabytes where every kind of line sits between
 * the intents: outcomes a few tasks late, refusals, a record longer than a read, an unreadable line, a torn
 * intent written again, and TaskIds never written. Every TaskId is looked for.
 */
class IntentSearchTest {
    private static final int TASKS = 4_000;

    @TempDir
    Path dir;

    private static boolean skipped(long id) {
        return id % 97 == 0; // never written: an intent that failed, or a file that starts later
    }

    @Test
    void everyTaskIdIsFoundAndNoOtherWhateverLiesBetweenTheIntents() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Random random = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProcessIdentity owner = new ProcessIdentity("4100001", "2026-11-29T10:00:00Z");
        for (long id = 1; id <= TASKS; id++) {
            if (skipped(id)) {
                continue;
            }
            KillTask task = SegmentedLogs.intent(id).asTask(id);
            if (id % 1_000 == 500) {
                // A torn intent (the process died mid-write), then the same TaskId written whole by the next one.
                String whole = new String(AuditRecords.bytes(AuditRecords.intent(task, owner)), StandardCharsets.UTF_8);
                out.writeBytes((whole.substring(0, 40) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(AuditRecords.bytes(AuditRecords.intent(task, owner)));
            out.write('\n');
            if (random.nextInt(10) == 0) {
                out.writeBytes(AuditRecords.bytes(AuditRecords.refused(Refusal.of(Instant.now(), "api:AKID", "i", "s",
                        null, task.mode(), List.of(1L), "UnauthorizedOperation.PermissionDenied",
                        "x".repeat(random.nextInt(300))))));
                out.write('\n');
            }
            if (id % 2_000 == 0) {
                // Longer than one read: the probe that lands in it reads on to the next line.
                out.writeBytes(("{\"type\":\"refused\",\"message\":\"" + "x".repeat(200_000) + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (id % 777 == 0) {
                out.writeBytes("not json at all\n\n".getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(AuditRecords.bytes(AuditRecords.outcome(task.finish(Instant.now(), TaskStatus.SUCCESS, "",
                    List.of()))));
            out.write('\n');
        }
        Files.write(file, out.toByteArray());
        assertThat(Files.size(file)).isGreaterThan(1_500_000);

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long id = 0; id <= TASKS + 2; id++) {
                IntentSearch.Hit hit = IntentSearch.search(channel, id, file.toString());
                if (id == 0 || id > TASKS || skipped(id)) {
                    assertThat(hit).as("TaskId %d", id).isNull();
                } else {
                    assertThat(hit).as("TaskId %d", id).isNotNull();
                    assertThat(hit.task().taskId()).isEqualTo(id);
                    assertThat(hit.owner()).isEqualTo(owner);
                }
            }
        }
    }
}
