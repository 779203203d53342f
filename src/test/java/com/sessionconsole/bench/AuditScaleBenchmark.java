package com.sessionconsole.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.killsession.audit.FileAuditStore;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The audit log at scale: a log of 2,000,000 tasks (about 1 GB, {@link SyntheticAuditLog}) opened as the window,
 * {@code serve} and {@code tasks} open it, and old tasks found by TaskId, beside baselines in the same run: reading
 * the last 1 MB of the log, reading all of it (what opening cost before), and a JVM that only starts. Measured on
 * the log as rotation leaves it (segments of 64 MiB) and as one file (a log from before rotation). The files are
 * in the page cache (just written): a cold disk adds a few reads' seeks to the store's figures.
 *
 * <p>Targets: at most 300 ms of the store's own work to open (with the newest 1,000 tasks, or 10) and to find an
 * old task; {@code tasks --limit 10} as a whole process in at most 1 s.
 * Run: {@code mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.sessionconsole.bench.AuditScaleBenchmark}
 */
public final class AuditScaleBenchmark {
    private static final int ROUNDS = 7;
    private static final double STORE_TARGET_MS = 300;
    private static final double PROCESS_TARGET_MS = 1_000;
    private static final List<String> LAUNCHER_OPTIONS = List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx224m",
            "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=48m", "-Xss512k"); // installer/build.sh
    private static final List<String> rows = new ArrayList<>();

    private AuditScaleBenchmark() {
    }

    /**
     * The store's cold open in a fresh JVM: logging and JSON are set up first (every front end has them before it
     * opens the store), then the open and the newest tasks are timed; prints both.
     */
    public static final class ColdOpen {
        private ColdOpen() {
        }

        public static void main(String[] args) throws Exception {
            long start = System.nanoTime();
            LoggerFactory.getLogger(ColdOpen.class).debug("logging is set up");
            new ObjectMapper().readTree("{\"type\":\"intent\",\"taskId\":1}");
            long ready = System.nanoTime();
            try (FileAuditStore store = FileAuditStore.open(Path.of(args[0]), Integer.parseInt(args[1]))) {
                if (store.tasks().isEmpty()) {
                    throw new IllegalStateException("no tasks read");
                }
                long open = System.nanoTime();
                System.out.printf("INIT_NS=%d OPEN_NS=%d%n", ready - start, open - ready);
            }
        }
    }

    /** The JVM-start baseline: a main that does nothing. */
    public static final class Empty {
        private Empty() {
        }

        public static void main(String[] args) {
            // nothing: the time is the JVM's own start and exit
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("audit-scale-");
        try {
            Path rotated = Files.createDirectories(root.resolve("rotated"));
            long start = System.nanoTime();
            long bytes = SyntheticAuditLog.write(rotated);
            System.out.printf("Wrote %,d tasks, %,d MB in %d files, in %.1f s%n", SyntheticAuditLog.TASKS,
                    bytes >> 20, files(rotated).size(), (System.nanoTime() - start) / 1e9);
            Path single = Files.createDirectories(root.resolve("single"));
            concatenate(files(rotated), single.resolve(FileAuditStore.FILE_NAME));

            // Logging, JSON and the store's classes are loaded once, on an empty log, before anything is timed here,
            // and the writing's garbage collected; a fresh JVM's first open is timed by the process rows.
            try (FileAuditStore warm = FileAuditStore.open(Files.createDirectories(root.resolve("warm")))) {
                warm.tasks();
            }
            System.gc();
            Thread.sleep(2_000);
            measureStore("rotated, 64 MiB segments", rotated);
            measureStore("one 1 GB file (before rotation)", single);
            baselines(rotated);
            measureProcess(rotated, Files.createDirectories(root.resolve("config")));
            System.out.println();
            System.out.printf("%-66s %10s %10s  %s%n", "", "first", "median", "target");
            System.out.println("(in-process rows: the first run in this JVM on that log, then the median of " + ROUNDS
                    + " more; fresh JVM and process rows: each run a new JVM)");
            rows.forEach(System.out::println);
            System.out.println("load average at the end: " + load() + " (" + Runtime.getRuntime().availableProcessors()
                    + " cores)");
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void measureStore(String layout, Path dir) throws Exception {
        System.out.println("Measuring the store on " + layout + "... (load average " + load() + ")");
        long total = SyntheticAuditLog.TASKS;
        measure(layout + ": open + tasks() (newest 1,000)", STORE_TARGET_MS, () -> {
            try (FileAuditStore store = FileAuditStore.open(dir, FileAuditStore.RECENT_TASKS)) {
                List<KillTask> tasks = store.tasks();
                check(tasks.size() == FileAuditStore.RECENT_TASKS && tasks.get(0).taskId() == total, "newest 1,000");
                check(tasks.stream().anyMatch(t -> t.taskId() == SyntheticAuditLog.NEW_RUNNING
                        && t.status() == TaskStatus.RUNNING), "the newest running task");
            }
        });
        measure(layout + ": open + tasks() (newest 10, tasks --limit 10)", STORE_TARGET_MS, () -> {
            try (FileAuditStore store = FileAuditStore.open(dir, 10)) {
                check(store.tasks().get(0).taskId() == total, "newest 10");
            }
        });
        try (FileAuditStore store = FileAuditStore.open(dir, FileAuditStore.RECENT_TASKS)) {
            long old = 12_345;
            measure(layout + ": task(" + old + "), finished, in the first 64 MiB", STORE_TARGET_MS, () ->
                    check(store.task(old).map(KillTask::status).orElse(null) == TaskStatus.SUCCESS, "old task"));
            long mid = total / 2 + 7;
            measure(layout + ": task(" + mid + "), finished, mid log", STORE_TARGET_MS, () ->
                    check(store.task(mid).map(KillTask::status).orElse(null) == TaskStatus.SUCCESS, "mid task"));
            measure(layout + ": task(1000), running in this process", STORE_TARGET_MS, () ->
                    check(store.task(SyntheticAuditLog.OLD_RUNNING).map(KillTask::status).orElse(null)
                            == TaskStatus.RUNNING, "old running task"));
            long interrupted = SyntheticAuditLog.INTERRUPTED_EVERY + 123;
            measure(layout + ": task(" + interrupted + "), interrupted (whole outcome bound)", STORE_TARGET_MS, () ->
                    check(store.task(interrupted).map(KillTask::detail).orElse("").contains("interrupted"),
                            "interrupted task"));
        }
    }

    private static void baselines(Path dir) throws Exception {
        System.out.println("Measuring the baselines...");
        Path active = dir.resolve(FileAuditStore.FILE_NAME);
        measure("baseline: read the last 1 MB of audit.jsonl", 0, () -> {
            try (RandomAccessFile file = new RandomAccessFile(active.toFile(), "r")) {
                byte[] bytes = new byte[1 << 20];
                file.seek(Math.max(0, file.length() - bytes.length));
                file.readFully(bytes, 0, (int) Math.min(bytes.length, file.length()));
            }
        });
        measure("baseline: read every byte of the log (an open before: no parse)", 0, () -> {
            byte[] bytes = new byte[4 << 20];
            for (Path path : files(dir)) {
                try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
                    while (file.read(bytes) > 0) {
                        // only the bytes: parsing them took the old open many times longer
                    }
                }
            }
        });
    }

    private static void measureProcess(Path dir, Path config) throws Exception {
        Thread.sleep(3_000); // lets this JVM's compiler threads finish, so they do not slow the children
        System.out.println("Measuring whole processes... (load average " + load() + ")");
        String classpath = classpath();
        for (int recent : List.of(FileAuditStore.RECENT_TASKS, 10)) {
            List<Long> init = new ArrayList<>();
            List<Long> open = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                String[] out = run(classpath, config, ColdOpen.class.getName(), dir.toString(), String.valueOf(recent))
                        .trim().split("[ =]");
                init.add(Long.parseLong(out[1]));
                open.add(Long.parseLong(out[3]));
            }
            row("fresh JVM: logging + JSON set up (before the store)", init, 0, true);
            row(String.format("fresh JVM: cold open + tasks() (newest %,d)", recent), open, STORE_TARGET_MS, true);
        }
        process("process: a JVM that only starts (baseline)", 0, () -> run(classpath, config, Empty.class.getName()));
        process("process: tasks --limit 10 --data-dir DIR", PROCESS_TARGET_MS, () ->
                check(run(classpath, config, "com.sessionconsole.Launcher", "tasks", "--limit", "10", "--data-dir",
                        dir.toString()).contains(String.valueOf(SyntheticAuditLog.TASKS)), "tasks --limit 10"));
        process("process: tasks 12345 (finished, in the first segment)", PROCESS_TARGET_MS, () ->
                check(run(classpath, config, "com.sessionconsole.Launcher", "tasks", "12345", "--data-dir",
                        dir.toString()).contains("TaskId 12345  SUCCESS"), "tasks 12345"));
        long interrupted = SyntheticAuditLog.INTERRUPTED_EVERY + 123;
        process("process: tasks " + interrupted + " (interrupted: the whole outcome bound)", PROCESS_TARGET_MS, () ->
                check(run(classpath, config, "com.sessionconsole.Launcher", "tasks", String.valueOf(interrupted),
                        "--data-dir", dir.toString()).contains("interrupted"), "tasks " + interrupted));
    }

    /**
     * Runs {@code work} once cold, then {@link #ROUNDS} times, and keeps a row: first, median, target. In this
     * JVM the target is for the median: the first run includes this JVM's warming up, which the fresh JVM rows
     * measure on their own.
     */
    private static void measure(String what, double targetMs, Work work) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i <= ROUNDS; i++) {
            times.add(time(work));
        }
        row(what, times, targetMs, false);
    }

    /** As {@link #measure}, each run a fresh JVM: the target is for the first run and the median. */
    private static void process(String what, double targetMs, Work work) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i <= ROUNDS; i++) {
            times.add(time(work));
        }
        row(what, times, targetMs, true);
    }

    /** A row of the table: the first time, the median of the others, and whether they meet the target. */
    private static void row(String what, List<Long> times, double targetMs, boolean firstToo) {
        double first = times.get(0) / 1e6;
        List<Long> rest = new ArrayList<>(times.subList(1, times.size()));
        rest.sort(null);
        double median = rest.get(rest.size() / 2) / 1e6;
        String target = targetMs == 0 ? "" : String.format("<= %.0f ms%s: %s", targetMs,
                firstToo ? " (both)" : " (median)", (firstToo ? Math.max(first, median) : median) <= targetMs
                        ? "met" : "NOT MET");
        String row = String.format("%-66s %7.1f ms %7.1f ms  %s", what, first, median, target);
        System.out.println("  " + row);
        rows.add(row);
    }

    /** The machine's load average over the last minute: the figures mean little on a busy machine. */
    private static String load() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "unknown";
    }

    private static long time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + what);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> names = Files.list(dir)) {
            return names.filter(p -> p.getFileName().toString().matches("audit\\.(\\d{16}\\.)?jsonl"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString().equals(FileAuditStore.FILE_NAME)
                            ? "~" : p.getFileName().toString())).toList();
        }
    }

    private static void concatenate(List<Path> files, Path into) throws IOException {
        try (FileChannel out = FileChannel.open(into, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (Path file : files) {
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    for (long done = 0; done < in.size(); ) {
                        done += in.transferTo(done, in.size() - done, out);
                    }
                }
            }
        }
    }

    /**
     * Runs a main class of this classpath in a fresh JVM with the installed launcher's options, its config dir
     * one without an inventory (so the command line takes an empty one); returns its stdout.
     */
    private static String run(String classpath, Path config, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(LAUNCHER_OPTIONS);
        line.addAll(List.of("-cp", classpath));
        line.addAll(List.of(command));
        Path out = Files.createTempFile("audit-scale-out-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(out.toFile());
            builder.environment().put("XDG_CONFIG_HOME", config.toString());
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took over 60 s");
            }
            String printed = Files.readString(out);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + printed);
            }
            return printed;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String classpath() throws Exception {
        ClassLoader loader = AuditScaleBenchmark.class.getClassLoader();
        if (!(loader instanceof URLClassLoader)) {
            return System.getProperty("java.class.path");
        }
        List<String> parts = new ArrayList<>();
        for (URL url : ((URLClassLoader) loader).getURLs()) {
            parts.add(new File(url.toURI()).getPath());
        }
        return String.join(File.pathSeparator, parts);
    }
}
