package com.sessionconsole.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process measured from the outside, as an operator's shell would see it: wall time from start to exit,
 * and the peak of its threads and its resident memory, read from /proc while it runs.
 */
final class ProcessWatch {
    private ProcessWatch() {
    }

    /** What one run of a command cost. */
    record Run(int exitCode, double seconds, int peakThreads, long peakRssKb) {
    }

    static Run run(List<String> command, Path output, long timeoutSeconds) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        int peakThreads = 0;
        long peakRss = 0;
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        while (!process.waitFor(5, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " ran over " + timeoutSeconds + " s");
            }
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("Threads:")) {
                        peakThreads = Math.max(peakThreads, Integer.parseInt(line.substring(8).strip()));
                    } else if (line.startsWith("VmHWM:")) {
                        peakRss = Math.max(peakRss, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended between two looks
            }
        }
        return new Run(process.exitValue(), (System.nanoTime() - start) / 1e9, peakThreads, peakRss);
    }

    /** Threads and resident memory of a process that keeps running, read now. */
    static int[] sample(long pid) {
        int threads = 0;
        int rssMb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).strip());
                } else if (line.startsWith("VmRSS:")) {
                    rssMb = (int) (Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return new int[] {threads, rssMb};
    }
}
