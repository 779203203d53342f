package com.sessionconsole.ui.app;

import com.sessionconsole.ui.common.Problems;

import java.time.Duration;
import java.util.List;

/**
 * Closes what the window opened (the service with its pools and audit log, the demo fleet's servers) off the
 * FX thread, in order, waiting at most a bound, then runs what comes next (the toolkit's exit). The closing
 * thread is not a daemon, so the JVM waits for it; the work itself runs on a daemon thread, so a close that
 * overruns the bound never keeps the process up.
 */
final class WindowCloser {
    private WindowCloser() {
    }

    /** Starts closing and returns at once; {@code then} runs on the closing thread once done or the bound passed. */
    static Thread close(List<? extends AutoCloseable> resources, Duration bound, Runnable then) {
        Thread work = new Thread(() -> closeAll(resources), "window-close-work");
        work.setDaemon(true);
        Thread closing = new Thread(() -> {
            work.start();
            try {
                work.join(bound.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (work.isAlive()) {
                System.err.println("warning: closing took longer than " + bound.toSeconds() + " s; exiting anyway");
            }
            then.run();
        }, "window-close");
        closing.start();
        return closing;
    }

    private static void closeAll(List<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception | LinkageError e) {
                System.err.println("warning: closing: " + Problems.describe(e));
            }
        }
    }
}
