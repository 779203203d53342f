package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.killsession.audit.SegmentedLogs.TINY;
import static com.sessionconsole.killsession.audit.SegmentedLogs.files;
import static com.sessionconsole.killsession.audit.SegmentedLogs.intentIds;
import static com.sessionconsole.killsession.audit.SegmentedLogs.settled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process killed in the middle of a rotation loses nothing: each state a rotation can leave on disk is opened
 * again, every task is found, and TaskIds go on from the true highest. A rotation renames audit.jsonl to its
 * segment, creates a new audit.jsonl, then applies retention ({@link ActiveFile}).
 */
class AuditRotationCrashTest {
    @TempDir
    Path dir;

    /** Writes at least {@code tasks} tasks, and more until there are {@code segments} and audit.jsonl holds some. */
    private Map<Long, KillTask> write(AuditFileOptions options, int segments, int tasks) throws IOException {
        Map<Long, KillTask> written = new HashMap<>();
        try (FileAuditStore log = FileAuditStore.open(dir, 10, options)) {
            for (int i = 0; i < tasks || files(dir).size() <= segments || intentIds(active()).size() < 2; i++) {
                KillTask task = settled(log, i);
                written.put(task.taskId(), task);
            }
        }
        return written;
    }

    private Path active() {
        return dir.resolve(FileAuditStore.FILE_NAME);
    }

    /**
     * Every task written is found by a store that read only the newest, and the next TaskId follows them; the task
     * it writes to show that is added to {@code written}.
     */
    private void assertNothingLost(Map<Long, KillTask> written, AuditFileOptions options) throws IOException {
        long highest = written.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        try (FileAuditStore reopened = FileAuditStore.open(dir, 3, options)) {
            assertThat(reopened.tasks()).extracting(KillTask::taskId)
                    .containsExactly(highest, highest - 1, highest - 2);
            for (KillTask task : written.values()) {
                assertThat(reopened.task(task.taskId())).as("task %d", task.taskId()).contains(task);
            }
            KillTask next = settled(reopened, 1);
            assertThat(next.taskId()).isEqualTo(highest + 1);
            written.put(next.taskId(), next);
        }
    }

    @Test
    void renamedToASegmentButNoNewAuditJsonlYet() throws Exception {
        Map<Long, KillTask> written = write(TINY, 3, 0);
        long first = intentIds(active()).get(0);
        Files.move(active(), dir.resolve(AuditFiles.segmentName(first)), StandardCopyOption.ATOMIC_MOVE);

        assertNothingLost(written, TINY);
        assertThat(active()).exists();
    }

    @Test
    void newAuditJsonlCreatedButTheOldestSegmentsNotYetDeleted() throws Exception {
        Map<Long, KillTask> written = write(TINY, 8, 0);
        AuditFileOptions keepThree = new AuditFileOptions(TINY.segmentBytes(), 3);

        assertNothingLost(written, keepThree); // retention has not run: every task is still there
        try (FileAuditStore log = FileAuditStore.open(dir, 3, keepThree)) {
            while (new AuditFiles(dir).segments().size() == 8) {
                settled(log, 2);
            }
        }
        assertThat(new AuditFiles(dir).segments()).hasSize(3);
    }

    @Test
    void aFullAuditJsonlNotYetRenamedIsRotatedWholeByTheNextWrite() throws Exception {
        // One file, as a log from before rotation.
        Map<Long, KillTask> written = write(AuditFileOptions.DEFAULT, 0, 20);
        long size = Files.size(active());
        assertThat(size).isGreaterThan(TINY.segmentBytes());

        assertNothingLost(written, TINY);
        assertThat(files(dir)).hasSize(2);
        assertThat(files(dir).get(0)).hasFileName(AuditFiles.segmentName(1)).satisfies(segment ->
                assertThat(Files.size(segment)).isEqualTo(size));
    }

    @Test
    void twoFilesClaimingOneFirstTaskIdCountOnceAndNeitherIsLost() throws Exception {
        Map<Long, KillTask> written = write(AuditFileOptions.DEFAULT, 0, 10);
        // A copy of audit.jsonl under its segment name, as a rotation that copies would leave it, then more tasks.
        Path copy = dir.resolve(AuditFiles.segmentName(1));
        Files.copy(active(), copy);
        try (FileAuditStore log = FileAuditStore.open(dir, 10, AuditFileOptions.DEFAULT)) {
            for (int i = 0; i < 5; i++) {
                KillTask task = settled(log, i);
                written.put(task.taskId(), task);
            }
        }
        try (FileAuditStore reopened = FileAuditStore.open(dir, 1_000, AuditFileOptions.DEFAULT)) {
            assertThat(reopened.tasks()).hasSize(written.size()).doesNotHaveDuplicates();
        }
        assertNothingLost(written, AuditFileOptions.DEFAULT);

        // The next rotation keeps the copy aside rather than overwrite it or be stopped by it.
        long copied = Files.size(copy);
        int before = written.size();
        try (FileAuditStore log = FileAuditStore.open(dir, 10, TINY)) {
            KillTask task = settled(log, 9);
            written.put(task.taskId(), task);
        }
        try (var names = Files.list(dir)) {
            assertThat(names.filter(p -> p.getFileName().toString().startsWith(copy.getFileName() + ".duplicate-"))
                    .toList()).singleElement().satisfies(aside -> assertThat(Files.size(aside)).isEqualTo(copied));
        }
        assertThat(intentIds(copy)).hasSize(before); // the rotated audit.jsonl, with every task before the rotation
        assertNothingLost(written, TINY);
    }

    @Test
    void aTornLastRecordRotatedWithItsFileIsSkippedAndItsTaskIdGiven() throws Exception {
        Map<Long, KillTask> written = write(AuditFileOptions.DEFAULT, 0, 20);
        long next = written.size() + 1;
        Files.writeString(active(), "{\"type\":\"intent\",\"taskId\":" + next + ",\"time\":\"20",
                StandardOpenOption.APPEND); // the process died mid-write: this intent was never acknowledged

        assertNothingLost(written, TINY);
        assertThat(Files.readString(files(dir).get(0))).endsWith(",\"time\":\"20");
    }

    @Test
    void aProcessKilledMidRotationLosesNothing() throws Exception {
        for (String step : List.of("renamed", "created")) {
            Path stepDir = Files.createDirectories(dir.resolve(step));
            List<Long> acknowledged = killAt(stepDir, step);
            assertThat(acknowledged).as("tasks acknowledged before %s", step).isNotEmpty();
            try (FileAuditStore reopened = FileAuditStore.open(stepDir, 10, TINY)) {
                for (long id : acknowledged) {
                    assertThat(reopened.task(id)).as("task %d after a kill at %s", id, step).isPresent();
                }
                long highest = acknowledged.get(acknowledged.size() - 1);
                assertThat(reopened.tasks().get(0).taskId()).isEqualTo(highest);
                assertThat(settled(reopened, 1).taskId()).isEqualTo(highest + 1);
            }
        }
    }

    /** Runs {@link RotationCrashChild} until it stops at the step, kills it with SIGKILL, and returns its ACKs. */
    private static List<Long> killAt(Path dataDir, String step) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classpath, RotationCrashChild.class.getName(),
                dataDir.toString(), step).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<Long> acknowledged = new ArrayList<>();
        try {
            while (true) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("the child's next line (classpath %s)", classpath.split(File.pathSeparator)[0])
                        .isNotNull();
                if (line.equals("AT " + step)) {
                    break;
                }
                assertThat(line).startsWith("ACK ");
                acknowledged.add(Long.parseLong(line.substring(4)));
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(128 + 9);
        } finally {
            child.destroyForcibly();
        }
        return acknowledged;
    }
}
