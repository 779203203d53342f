package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the audit log does when its disk fills, its file is not a file, or a record lies about its TaskId. */
class AuditReliabilityTest {
    @TempDir
    Path dir;

    private static TaskIntent intent(long sessionId) {
        return new TaskIntent(Instant.now(), "test", "tdsqlshard-x", "shard-x1", "set_x_1", KillMode.CONNECTION,
                List.of(sessionId));
    }

    private static KillTask killed(KillTask task) {
        return task.finish(Instant.now(), TaskStatus.SUCCESS, "", List.of(new SessionOutcome(
                task.sessionIds().get(0), Outcome.KILLED, "")));
    }

    @Test
    void anOutcomeThatCannotBeWrittenReadsAsFailedAtOnceAndIsWrittenOnceTheDiskHasRoom() throws Exception {
        FailingDisk[] disk = new FailingDisk[1];
        try (FileAuditStore log = FileAuditStore.open(dir, 100, AuditFileOptions.DEFAULT,
                file -> disk[0] = FailingDisk.open(file))) {
            KillTask running = log.begin(intent(7));
            disk[0].full(true);

            assertThatThrownBy(() -> log.finish(killed(running))).hasMessageContaining("No space left");
            KillTask meanwhile = log.task(running.taskId()).orElseThrow();
            assertThat(meanwhile.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(meanwhile.detail()).contains("outcome not recorded");
            assertThat(meanwhile.outcomes()).extracting(SessionOutcome::outcome).containsExactly(Outcome.KILLED);
            assertThat(log.unrecordedOutcomes()).isEqualTo(1);
            // No KILL may follow an intent that cannot be written.
            assertThatThrownBy(() -> log.begin(intent(8))).hasMessageContaining("No space left");

            disk[0].full(false);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.unrecordedOutcomes() > 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(log.unrecordedOutcomes()).isZero();
            assertThat(log.task(running.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
        }
        try (FileAuditStore reopened = FileAuditStore.open(dir)) {
            assertThat(reopened.tasks()).singleElement().satisfies(task -> {
                assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
                assertThat(task.sessionIds()).containsExactly(7L);
            });
        }
    }

    @Test
    void anOutcomeStillUnwrittenAtCloseIsCountedNotClaimed() throws Exception {
        FailingDisk[] disk = new FailingDisk[1];
        FileAuditStore log = FileAuditStore.open(dir, 100, AuditFileOptions.DEFAULT,
                file -> disk[0] = FailingDisk.open(file));
        KillTask running = log.begin(intent(9));
        disk[0].full(true);
        assertThatThrownBy(() -> log.finish(killed(running))).isInstanceOf(java.io.IOException.class);
        log.close();
        assertThat(log.unrecordedOutcomes()).isEqualTo(1);
        // Once this process is gone, the task reads as interrupted, its sessions UNKNOWN (AuditMemoryTest).
        assertThat(Files.readAllLines(dir.resolve(FileAuditStore.FILE_NAME))).singleElement()
                .satisfies(line -> assertThat(line).contains("\"type\":\"intent\"", "\"sessionIds\":[9]"));
    }

    @Test
    void aTaskIdOutOfRangeIsACorruptRecordAndTaskIdsNeverWrap() throws Exception {
        try (FileAuditStore log = FileAuditStore.open(dir)) {
            log.finish(killed(log.begin(intent(1))));
        }
        Path file = dir.resolve(FileAuditStore.FILE_NAME);
        String first = Files.readAllLines(file).get(0);
        Files.writeString(file, first.replace("\"taskId\":1,", "\"taskId\":" + Long.MAX_VALUE + ",") + "\n"
                + first.replace("\"taskId\":1,", "\"taskId\":-5,") + "\n", java.nio.file.StandardOpenOption.APPEND);
        try (FileAuditStore log = FileAuditStore.open(dir)) {
            KillTask next = log.begin(intent(2));
            assertThat(next.taskId()).isEqualTo(2);
            assertThat(log.tasks()).extracting(KillTask::taskId).containsExactly(2L, 1L);
        }
    }

    @Test
    void aFifoInPlaceOfTheLogIsRefusedAtOnceNotWaitedOn() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve(FileAuditStore.FILE_NAME).toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThatThrownBy(() -> FileAuditStore.open(dir)).hasMessageContaining("not a regular file")
                .hasMessageContaining(FileAuditStore.FILE_NAME);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aFloodOfRefusalsIsCountedNotWrittenInFull() throws Exception {
        String huge = "x".repeat(60_000);
        try (FileAuditStore log = FileAuditStore.open(dir)) {
            for (int i = 0; i < 5_000; i++) {
                log.refused(Refusal.of(Instant.now(), "api:AKIDreader", huge, huge, null, KillMode.CONNECTION,
                        java.util.Collections.nCopies(1_000, 5L), "UnauthorizedOperation.PermissionDenied",
                        "api:AKIDreader may not kill sessions (read-only)"));
            }
        }
        Path file = dir.resolve(FileAuditStore.FILE_NAME);
        assertThat(Files.size(file)).as("audit bytes after 5,000 refusals").isLessThan(4_096);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"type\":\"refused\"", "\"sessionIdsGiven\":1000", "60000 characters");
        assertThat(lines.get(1)).contains("\"type\":\"refused-repeats\"", "\"count\":4999");
    }
}
