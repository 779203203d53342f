package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.killsession.audit.SegmentedLogs.TINY;
import static com.sessionconsole.killsession.audit.SegmentedLogs.files;
import static com.sessionconsole.killsession.audit.SegmentedLogs.intentIds;
import static com.sessionconsole.killsession.audit.SegmentedLogs.killed;
import static com.sessionconsole.killsession.audit.SegmentedLogs.outcomeIds;
import static com.sessionconsole.killsession.audit.SegmentedLogs.settled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log rotated by size into segments named by their first TaskId: every task is found again by its TaskId in
 * whichever file holds it, by a store that read only the newest task; retention deletes the oldest segments.
 */
class AuditSegmentsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "segments of {0} bytes")
    @CsvSource({"2048, 300, 20", "40000, 600, 4"}) // the second: files bigger than the search's last linear read
    void everySegmentsFirstMiddleAndLastTaskIsFoundByAStoreThatReadOnlyTheNewest(long segmentBytes, int tasks,
                                                                                  int minFiles) throws Exception {
        AuditFileOptions options = new AuditFileOptions(segmentBytes, 0);
        Map<Long, KillTask> written = new HashMap<>();
        try (FileAuditStore log = FileAuditStore.open(dir, 10, options)) {
            for (int i = 0; i < tasks; i++) {
                KillTask task = i % 3 == 0 ? log.begin(SegmentedLogs.intent(i)) : settled(log, i);
                if (i % 3 == 0) {
                    task = killed(task);
                    log.finish(task);
                }
                written.put(task.taskId(), task);
            }
        }
        List<Path> files = files(dir);
        assertThat(files).hasSizeGreaterThan(minFiles);
        long next = 1;
        for (Path file : files) {
            List<Long> ids = intentIds(file);
            assertThat(ids).as("%s", file).isNotEmpty();
            assertThat(ids.get(0)).as("%s", file).isEqualTo(next); // contiguous, in order, across the files
            for (int i = 0; i < ids.size(); i++) {
                assertThat(ids.get(i)).isEqualTo(next + i);
            }
            next += ids.size();
            if (!file.getFileName().toString().equals(FileAuditStore.FILE_NAME)) {
                assertThat(file.getFileName().toString()).isEqualTo(AuditFiles.segmentName(ids.get(0)));
                assertThat(Files.size(file)).isBetween(segmentBytes, segmentBytes + 1024);
            }
        }
        assertThat(next - 1).isEqualTo(tasks);

        try (FileAuditStore fresh = FileAuditStore.open(dir, 1, options)) {
            assertThat(fresh.tasks()).extracting(KillTask::taskId).containsExactly((long) tasks);
            for (Path file : files) {
                List<Long> ids = intentIds(file);
                for (long id : List.of(ids.get(0), ids.get(ids.size() / 2), ids.get(ids.size() - 1))) {
                    assertThat(fresh.task(id)).as("task %d in %s", id, file.getFileName()).contains(written.get(id));
                }
            }
            assertThat(fresh.task(0)).isEmpty();
            assertThat(fresh.task(tasks + 1)).isEmpty();
            assertThat(fresh.begin(SegmentedLogs.intent(1)).taskId()).isEqualTo(tasks + 1);
        }
    }

    @Test
    void anOutcomeWrittenAfterARotationIsFoundInTheNextSegment() throws Exception {
        KillTask running;
        KillTask finished;
        try (FileAuditStore log = FileAuditStore.open(dir, 5, TINY)) {
            running = log.begin(SegmentedLogs.intent(7));
            for (int i = 0; files(dir).size() < 3; i++) {
                settled(log, 100 + i);
            }
            finished = killed(running);
            log.finish(finished);
            assertThat(log.task(running.taskId())).contains(finished);
        }
        List<Path> files = files(dir);
        assertThat(intentIds(files.get(0))).contains(running.taskId());
        assertThat(outcomeIds(files.get(0))).doesNotContain(running.taskId());
        assertThat(outcomeIds(files.get(files.size() - 1))).contains(running.taskId());
        try (FileAuditStore fresh = FileAuditStore.open(dir, 1, TINY)) {
            assertThat(fresh.task(running.taskId())).contains(finished);
        }
    }

    @Test
    void aRunningTaskOfALiveProcessOlderThanTheNewestIsFoundRunning() throws Exception {
        try (FileAuditStore runner = FileAuditStore.open(dir, 5, TINY)) {
            KillTask running = runner.begin(SegmentedLogs.intent(7));
            for (int i = 0; files(dir).size() < 4; i++) {
                settled(runner, 100 + i);
            }
            try (FileAuditStore other = FileAuditStore.open(dir, 5, TINY)) {
                assertThat(other.tasks()).extracting(KillTask::taskId).doesNotContain(running.taskId());
                // Its process (this one) lives: it reads as running, not as interrupted.
                assertThat(other.task(running.taskId())).contains(running);
                KillTask finished = killed(running);
                runner.finish(finished);
                assertThat(other.task(running.taskId())).contains(finished);
            }
        }
    }

    @Test
    void retentionKeepsTheNewestSegmentsAndTaskIdsGoOn() throws Exception {
        AuditFileOptions keepThree = new AuditFileOptions(TINY.segmentBytes(), 3);
        Map<Long, KillTask> written = new HashMap<>();
        try (FileAuditStore log = FileAuditStore.open(dir, 10, keepThree)) {
            for (int i = 0; i < 150; i++) {
                KillTask task = settled(log, i);
                written.put(task.taskId(), task);
            }
        }
        List<AuditFiles.Segment> segments = new AuditFiles(dir).segments();
        assertThat(segments).hasSize(3);
        long oldestKept = segments.get(0).firstTaskId();
        assertThat(oldestKept).isGreaterThan(100);
        try (FileAuditStore fresh = FileAuditStore.open(dir, 1, keepThree)) {
            assertThat(fresh.task(1)).isEmpty();
            assertThat(fresh.task(oldestKept - 1)).isEmpty();
            assertThat(fresh.task(oldestKept)).contains(written.get(oldestKept));
            assertThat(fresh.task(150)).contains(written.get(150L));
            assertThat(fresh.begin(SegmentedLogs.intent(1)).taskId()).isEqualTo(151);
        }
    }

    @Test
    void aStoreFollowsRotationsMadeByAnotherOnTheSameDir() throws Exception {
        try (FileAuditStore idle = FileAuditStore.open(dir, 1_000, TINY);
             FileAuditStore busy = FileAuditStore.open(dir, 1_000, TINY)) {
            KillTask first = settled(idle, 1);
            // One rotation: the idle store reads the rest of the file it had open, then the new one from its start.
            while (files(dir).size() < 2) {
                settled(busy, 2);
            }
            KillTask after = settled(busy, 3);
            assertThat(idle.tasks()).isEqualTo(busy.tasks()).contains(first, after);
            // Several: it reads the newest tasks again; its own writes go to the new file, with the next TaskId.
            while (files(dir).size() < 6) {
                settled(busy, 4);
            }
            long newest = busy.tasks().get(0).taskId();
            KillTask mine = settled(idle, 5);
            assertThat(mine.taskId()).isEqualTo(newest + 1);
            assertThat(intentIds(dir.resolve(FileAuditStore.FILE_NAME))).contains(mine.taskId());
            assertThat(idle.tasks()).isEqualTo(busy.tasks());
            assertThat(idle.tasks()).allMatch(task -> task.status() == TaskStatus.SUCCESS);
        }
    }

    @Test
    void twoWritersAcrossManyRotationsGiveDistinctTaskIdsAndAgreeWithAFreshReader() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (FileAuditStore window = FileAuditStore.open(dir, 1_000, TINY);
             FileAuditStore server = FileAuditStore.open(dir, 1_000, TINY)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                FileAuditStore log = t % 2 == 0 ? window : server;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        if (i % 2 == 0) {
                            settled(log, i);
                        } else {
                            log.finish(killed(log.begin(SegmentedLogs.intent(i))));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            List<Long> all = new ArrayList<>();
            for (Path file : files(dir)) {
                all.addAll(intentIds(file));
            }
            assertThat(all).hasSize(320).isSorted().doesNotHaveDuplicates();
            try (FileAuditStore reader = FileAuditStore.open(dir, 1_000, TINY)) {
                List<KillTask> onDisk = reader.tasks();
                assertThat(onDisk).hasSize(320).allMatch(task -> task.status() == TaskStatus.SUCCESS);
                assertThat(window.tasks()).containsExactlyElementsOf(onDisk);
                assertThat(server.tasks()).containsExactlyElementsOf(onDisk);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReaderInterruptedMidReadClosesNothingTheStoreStillNeeds() throws Exception {
        try (FileAuditStore window = FileAuditStore.open(dir, 1_000, TINY);
             FileAuditStore server = FileAuditStore.open(dir, 1_000, TINY)) {
            settled(server, 1);
            // A cancelled UI task: its thread is interrupted while it reads (NIO closes a channel then).
            Thread cancelled = new Thread(() -> {
                Thread.currentThread().interrupt();
                window.tasks();
                try {
                    window.task(1);
                } catch (IOException e) {
                    // an interrupted read may fail: what matters is what the store can still do after it
                }
            });
            cancelled.start();
            cancelled.join(10_000);
            for (int i = 0; files(dir).size() < 2; i++) {
                settled(server, 10 + i); // and a rotation meanwhile: the file it followed is now a segment
            }
            assertThat(window.tasks()).isEqualTo(server.tasks()).hasSize(server.tasks().size());
            assertThat(settled(window, 2).taskId()).isEqualTo(server.tasks().size());
        }
    }

    @Test
    void aReaderInterruptedAfterRetentionDeletedItsFileReadsTheNewestAgainAndKeepsItsOwnRunningTask()
            throws Exception {
        AuditFileOptions keepTwo = new AuditFileOptions(TINY.segmentBytes(), 2);
        try (FileAuditStore window = FileAuditStore.open(dir, 1_000, keepTwo);
             FileAuditStore server = FileAuditStore.open(dir, 1_000, keepTwo)) {
            KillTask mine = window.begin(SegmentedLogs.intent(7));
            for (int i = 0; new AuditFiles(dir).segments().isEmpty()
                    || new AuditFiles(dir).segments().get(0).firstTaskId() <= mine.taskId(); i++) {
                settled(server, 100 + i); // until retention deleted the file the window follows
            }
            Thread cancelled = new Thread(() -> {
                Thread.currentThread().interrupt();
                window.tasks(); // closes the channel
                window.tasks(); // its file is gone: the newest are read again, and that read fails too
            });
            cancelled.start();
            cancelled.join(10_000);

            List<KillTask> expected = new ArrayList<>();
            try (FileAuditStore fresh = FileAuditStore.open(dir, 1_000, keepTwo)) {
                expected.addAll(fresh.tasks());
            }
            expected.add(mine); // its intent was deleted, but this process still runs it
            assertThat(window.tasks()).containsExactlyElementsOf(expected);
            assertThat(window.task(mine.taskId())).contains(mine);
            // Once finished it leaves memory, and retention deleted its intent: like any deleted task, not found.
            window.finish(killed(mine));
            assertThat(window.task(mine.taskId())).isEmpty();
        }
    }
}
