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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log keeps only the newest tasks (and those it saw pushed out still without an outcome) in memory; every
 * older task is found again in the file exactly as it was recorded, by its TaskId, across reopening.
 */
class AuditMemoryTest {
    private static final int RECENT = 10;
    private static final int TASKS = 2_600;

    @TempDir
    Path dir;

    @Test
    void olderTasksAreReadBackFromTheFileAndOnlyTheNewestStayInMemory() throws Exception {
        Map<Long, KillTask> written = new ConcurrentHashMap<>();
        KillTask unfinished;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (FileAuditStore log = FileAuditStore.open(dir, RECENT)) {
            unfinished = log.begin(new TaskIntent(Instant.now(), "early", "tdsqlshard-x", "shard-x1", null, KillMode.QUERY,
                    List.of(41L)));
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < TASKS / 8; i++) {
                        KillTask task = i % 2 == 0 ? settled(log, writer, i) : killed(log, writer, i);
                        written.put(task.taskId(), task);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            assertThat(written).hasSize(TASKS);

            List<KillTask> kept = log.tasks();
            assertThat(kept).hasSize(RECENT + 1);
            assertThat(kept.subList(0, RECENT)).extracting(KillTask::taskId)
                    .containsExactlyElementsOf(written.keySet().stream().sorted((a, b) -> Long.compare(b, a))
                            .limit(RECENT).toList());
            assertThat(kept.get(RECENT)).isEqualTo(unfinished);

            for (KillTask task : written.values()) {
                assertThat(log.task(task.taskId())).as("task %d", task.taskId()).contains(task);
            }
            assertThat(log.task(unfinished.taskId())).contains(unfinished);
            assertThat(log.task(0)).isEmpty();
            assertThat(log.task(TASKS + 2)).isEmpty();
        } finally {
            pool.shutdownNow();
        }

        // Another process's view of the same file: the same answers, from a log that read only its newest tasks.
        try (FileAuditStore reopened = FileAuditStore.open(dir, RECENT)) {
            assertThat(reopened.tasks()).hasSize(RECENT);
            for (long id = unfinished.taskId() + 1; id <= TASKS + 1; id += 7) {
                assertThat(reopened.task(id)).contains(written.get(id));
            }
            // The early task, older than the newest read, is found by its TaskId: running, as its process lives.
            assertThat(reopened.task(unfinished.taskId())).contains(unfinished);
            // Once its outcome is written, that is what it reads.
            KillTask finished = unfinished.finish(Instant.now(), TaskStatus.SUCCESS, "",
                    List.of(new SessionOutcome(41L, Outcome.KILLED, "")));
            reopened.finish(finished);
            assertThat(reopened.tasks()).hasSize(RECENT);
            assertThat(reopened.task(unfinished.taskId())).contains(finished);
        }
    }

    @Test
    void anUnreadableIntentIsNotFoundAndItsNeighboursStillAre() throws Exception {
        List<KillTask> written = new ArrayList<>();
        try (FileAuditStore log = FileAuditStore.open(dir, 2)) {
            for (int i = 0; i < 6; i++) {
                written.add(settled(log, 0, i));
            }
        }
        // Task 3's intent is damaged on disk; an intent of a task whose process is gone has no outcome.
        Path file = dir.resolve(FileAuditStore.FILE_NAME);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(lines.indexOf(lines.stream().filter(l -> l.startsWith("{\"type\":\"intent\",\"taskId\":3,"))
                .findFirst().orElseThrow()), "{\"type\":\"intent\",\"taskId\":3,\"time\"");
        lines.add(lines.get(0).replace("\"taskId\":1,", "\"taskId\":7,")
                .replaceAll("\"pid\":\\d+", "\"pid\":999999999"));
        Files.write(file, lines);

        try (FileAuditStore reopened = FileAuditStore.open(dir, 2)) {
            assertThat(reopened.task(3)).isEmpty();
            assertThat(reopened.task(2)).contains(written.get(1));
            assertThat(reopened.task(4)).contains(written.get(3));
            assertThat(reopened.task(7)).hasValueSatisfying(task -> {
                assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
                assertThat(task.detail()).isEqualTo(RecentTasks.INTERRUPTED);
                // The sessions it asked for may be gone or not: each reads UNKNOWN, not "0 killed".
                assertThat(task.outcomes()).extracting(SessionOutcome::outcome).containsOnly(Outcome.UNKNOWN)
                        .hasSize(task.sessionIds().size());
            });
            assertThat(reopened.tasks()).extracting(KillTask::taskId).containsExactly(7L, 6L);
        }
    }

    @Test
    void aLongRecordIsReadBackWholeAndAnUnusableOneIsSkipped() throws Exception {
        String longMessage = "x".repeat(100_000); // longer than one read-back chunk
        KillTask long1;
        List<KillTask> others = new ArrayList<>();
        try (FileAuditStore log = FileAuditStore.open(dir, 2)) {
            KillTask task = log.begin(new TaskIntent(Instant.now(), "w", "tdsqlshard-x", "shard-x1", null, KillMode.CONNECTION,
                    List.of(5L)));
            long1 = task.finish(Instant.now(), TaskStatus.FAILED, "", List.of(new SessionOutcome(5L, Outcome.FAILED,
                    longMessage)));
            log.finish(long1);
            for (int i = 0; i < 4; i++) {
                others.add(settled(log, 0, i));
            }
        }
        // Task 2's intent names a mode this version does not know (a newer version's, say).
        Path file = dir.resolve(FileAuditStore.FILE_NAME);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"type\":\"intent\",\"taskId\":2,")) {
                lines.set(i, lines.get(i).replace("\"mode\":\"CONNECTION\"", "\"mode\":\"SOMETHING_NEW\""));
            }
        }
        Files.write(file, lines);
        try (FileAuditStore reopened = FileAuditStore.open(dir, 2)) {
            assertThat(reopened.task(long1.taskId())).contains(long1);
            assertThat(reopened.task(2)).isEmpty();
            assertThat(reopened.task(3)).contains(others.get(1));
        }
    }

    private static KillTask settled(FileAuditStore log, int writer, int i) throws Exception {
        return log.settled(new TaskIntent(Instant.now(), "w" + writer, "tdsqlshard-x", "shard-x1", "set_x_1", KillMode.CONNECTION,
                List.of(1000L + i)), intent -> intent.finish(Instant.now(), TaskStatus.SUCCESS, "",
                        List.of(new SessionOutcome(1000L + i, Outcome.ALREADY_GONE, "no such session: it has ended"))));
    }

    private static KillTask killed(FileAuditStore log, int writer, int i) throws Exception {
        KillTask task = log.begin(new TaskIntent(Instant.now(), "w" + writer, "tdsqlshard-x", null, "set_x_2", KillMode.QUERY,
                List.of(2000L + i, 3000L + i)));
        KillTask finished = task.finish(Instant.now(), i % 3 == 0 ? TaskStatus.FAILED : TaskStatus.SUCCESS,
                i % 3 == 0 ? "shard-x2 unreachable" : "", List.of(new SessionOutcome(2000L + i, Outcome.KILLED, ""),
                        new SessionOutcome(3000L + i, Outcome.FAILED, "Access denied")));
        log.finish(finished);
        return finished;
    }
}
