package com.sessionconsole.ui.common;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the window's blocking calls (every service call) on named daemon threads and hands the result back
 * on the FX thread, so the FX thread never waits on I/O.
 */
public final class Background implements AutoCloseable {
    private final Executor work;
    private final Executor fxThread;
    private final ExecutorService owned; // null when the executors are the caller's

    public Background() {
        this(threads());
    }

    private Background(ExecutorService threads) {
        this(threads, Platform::runLater, threads);
    }

    /**
     * For view model tests, which run without the toolkit: {@code Runnable::run} for both runs the work and its
     * callback at once on the caller's thread; a queue for {@code work} shows the state while a call is out.
     * The caller keeps its executors: closing this one leaves them alone.
     */
    public Background(Executor work, Executor fxThread) {
        this(work, fxThread, null);
    }

    private Background(Executor work, Executor fxThread, ExecutorService owned) {
        this.work = work;
        this.fxThread = fxThread;
        this.owned = owned;
    }

    private static ExecutorService threads() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "window-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code call} off the FX thread; exactly one of the callbacks runs on the FX thread afterwards. */
    public <T> void run(Callable<T> call, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        work.execute(() -> {
            T value;
            try {
                value = call.call();
            } catch (Throwable e) { // as a failed javafx Task would: an Error too reaches the operator as one line
                fxThread.execute(() -> onError.accept(e));
                return;
            }
            fxThread.execute(() -> onSuccess.accept(value));
        });
    }

    /** Runs {@code action} on the FX thread (from a background thread that reports progress, such as a watch's rounds). */
    public void later(Runnable action) {
        fxThread.execute(action);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
