package com.sessionconsole.bench;

import javafx.application.Platform;
import javafx.scene.Parent;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the benchmarks share: the median of a run's figures, and timing work on the FX thread. */
final class Figures {
    /** No single step of a window benchmark takes this long unless the FX thread is stuck. */
    private static final long FX_STEP_SECONDS = 120;

    private Figures() {
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Each figure to one decimal, for printing a run's figures one by one. */
    static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
    }

    /** The change plus the CSS and layout pass it causes (what the next frame must do), in ms; on the FX thread. */
    static double timed(Runnable change, Parent root) {
        long t = System.nanoTime();
        change.run();
        root.applyCss();
        root.layout();
        return (System.nanoTime() - t) / 1e6;
    }

    /** Runs {@code work} on the FX thread and waits for its answer. */
    static <T> T fx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(FX_STEP_SECONDS, TimeUnit.SECONDS);
    }
}
