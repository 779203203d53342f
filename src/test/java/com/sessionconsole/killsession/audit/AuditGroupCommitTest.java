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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests at once share fsyncs, yet every one gets its own TaskId and both of its records; what a log
 * knows of the records it wrote itself is exactly what a reader of the file makes of them.
 */
class AuditGroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void concurrentTasksGetDistinctIdsAndEveryRecordIsWritten() throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (FileAuditStore log = FileAuditStore.open(dir)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        KillTask task = log.begin(new TaskIntent(Instant.now(), "test", "tdsqlshard-x", "shard-x1", "set_x_1",
                                KillMode.CONNECTION, List.of(7L)));
                        ids.add(task.taskId());
                        log.finish(task.finish(Instant.now(), TaskStatus.SUCCESS, "", List.of()));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            assertThat(ids).hasSize(640);
            assertThat(log.tasks()).hasSize(640).allMatch(task -> task.status() == TaskStatus.SUCCESS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(dir.resolve(FileAuditStore.FILE_NAME))).hasSize(1280);
        try (FileAuditStore reopened = FileAuditStore.open(dir)) {
            assertThat(reopened.tasks()).hasSize(640).allMatch(task -> task.status() == TaskStatus.SUCCESS);
        }
    }

    @Test
    void twoWritersOnOneFileAgreeWithAFreshReaderOnEveryTask() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (FileAuditStore window = FileAuditStore.open(dir); FileAuditStore server = FileAuditStore.open(dir)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                FileAuditStore log = t % 2 == 0 ? window : server;
                int writer = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        if (i % 3 == 0) {
                            // settled without a KILL: intent and outcome in one flush
                            KillTask task = log.settled(new TaskIntent(Instant.now(), "w" + writer, "tdsqlshard-x", "shard-x1",
                                    "set_x_1", KillMode.CONNECTION, List.of(9L)), intent -> intent.finish(Instant.now(),
                                            TaskStatus.SUCCESS, "", List.of(new SessionOutcome(9L,
                                                    Outcome.ALREADY_GONE, "no such session: it has ended"))));
                            assertThat(task.taskId()).isPositive();
                            assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
                        } else {
                            KillTask task = log.begin(new TaskIntent(Instant.now(), "w" + writer, "tdsqlshard-x", "shard-x1",
                                    "set_x_1", KillMode.QUERY, List.of(7L, 8L)));
                            log.finish(task.finish(Instant.now(), i % 2 == 0 ? TaskStatus.SUCCESS : TaskStatus.FAILED,
                                    i % 2 == 0 ? "" : "shard-x1 unreachable", List.of(new SessionOutcome(7L,
                                            Outcome.KILLED, ""), new SessionOutcome(8L, Outcome.FAILED, "denied"))));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            try (FileAuditStore reader = FileAuditStore.open(dir)) {
                List<KillTask> onDisk = reader.tasks();
                assertThat(onDisk).hasSize(240).allMatch(task -> task.status() != TaskStatus.RUNNING);
                assertThat(onDisk.stream().map(KillTask::taskId).distinct()).hasSize(240);
                assertThat(window.tasks()).containsExactlyElementsOf(onDisk);
                assertThat(server.tasks()).containsExactlyElementsOf(onDisk);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(dir.resolve(FileAuditStore.FILE_NAME))).hasSize(480);
    }

    @Test
    void anOutcomeThatCannotBeMadeIsRecordedAsFailedAndSpoilsNoOtherRecord() throws Exception {
        try (FileAuditStore log = FileAuditStore.open(dir)) {
            KillTask broken = log.settled(new TaskIntent(Instant.now(), "test", "tdsqlshard-x", "shard-x1", "set_x_1",
                    KillMode.CONNECTION, List.of(5L)), intent -> {
                        throw new IllegalStateException("a bug while making the outcome");
                    });
            assertThat(broken.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(broken.detail()).contains("internal error", "nothing was killed");
            KillTask fine = log.settled(new TaskIntent(Instant.now(), "test", "tdsqlshard-x", "shard-x1", "set_x_1",
                    KillMode.CONNECTION, List.of(6L)), intent -> intent.finish(Instant.now(), TaskStatus.SUCCESS, "",
                            List.of(new SessionOutcome(6L, Outcome.ALREADY_GONE, "gone"))));
            assertThat(fine.taskId()).isEqualTo(broken.taskId() + 1);
        }
        try (FileAuditStore reopened = FileAuditStore.open(dir)) {
            assertThat(reopened.tasks()).extracting(KillTask::status)
                    .containsExactly(TaskStatus.SUCCESS, TaskStatus.FAILED);
        }
    }
}
