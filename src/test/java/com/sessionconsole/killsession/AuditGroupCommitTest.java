package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillMode;
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

/** Many requests at once share fsyncs, yet every one gets its own TaskId and both of its records. */
class AuditGroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void concurrentTasksGetDistinctIdsAndEveryRecordIsWritten() throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (AuditLog log = AuditLog.open(dir)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        KillTask task = log.begin(Instant.now(), "test", "tdsqlshard-x", "shard-x1", "set_x_1",
                                KillMode.CONNECTION, List.of(7L));
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
        assertThat(Files.readAllLines(dir.resolve(AuditLog.FILE_NAME))).hasSize(1280);
        try (AuditLog reopened = AuditLog.open(dir)) {
            assertThat(reopened.tasks()).hasSize(640).allMatch(task -> task.status() == TaskStatus.SUCCESS);
        }
    }
}
