package com.sessionconsole.ui.app;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Closing the window: the caller (the FX thread) never waits; the exit comes after the close, or the bound. */
class WindowCloserTest {

    @Test
    void closesInOrderOffTheCallersThreadThenExits() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch exited = new CountDownLatch(1);
        AutoCloseable service = () -> {
            release.await();
            done.add("service on " + Thread.currentThread().getName());
        };
        AutoCloseable failing = () -> {
            throw new IllegalStateException("already closed");
        };
        AutoCloseable demo = () -> done.add("demo");

        Thread closing = WindowCloser.close(List.of(service, failing, demo), Duration.ofSeconds(20), () -> {
            done.add("exit");
            exited.countDown();
        });

        assertThat(closing.isDaemon()).isFalse();
        assertThat(done).isEmpty(); // returned while the service was still closing
        release.countDown();
        assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(done).containsExactly("service on window-close-work", "demo", "exit");
    }

    @Test
    void aCloseThatHangsDelaysTheExitOnlyByTheBound() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch exited = new CountDownLatch(1);
        long start = System.nanoTime();

        WindowCloser.close(List.of(never::await), Duration.ofMillis(300), exited::countDown);

        assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        never.countDown();
    }
}
