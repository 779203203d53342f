package com.sessionconsole.auditdb;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The batching lanes on their own: every item written once or failed once, and every lane stops on close. */
class BatchLanesTest {
    private final List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> failed = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> laneThreads = ConcurrentHashMap.newKeySet();

    private BatchLanes<Integer> lanes(int count, int failEvery) {
        return new BatchLanes<>("test-lanes", count, 16, 50, () -> new StoreConnection(null),
                new BatchLanes.Handler<>() {
                    @Override
                    public void write(List<Integer> batch, StoreConnection store) throws SQLException {
                        assertThat(batch.size()).isLessThanOrEqualTo(16);
                        laneThreads.add(Thread.currentThread().getName());
                        if (failEvery > 0 && batch.stream().anyMatch(i -> i % failEvery == 0)) {
                            throw new SQLException("store down");
                        }
                        if (batch.contains(-13)) {
                            throw new AssertionError("an Error, not an exception");
                        }
                        written.addAll(batch);
                    }

                    @Override
                    public void failed(List<Integer> items, SQLException why) {
                        failed.addAll(items);
                    }
                });
    }

    @Test
    void everyItemIsWrittenOnceAndEveryLaneStops() throws Exception {
        BatchLanes<Integer> lanes = lanes(3, 0);
        CountDownLatch submitted = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int from = t * 1_000;
            new Thread(() -> {
                for (int i = from; i < from + 1_000; i++) {
                    lanes.submit(i);
                }
                submitted.countDown();
            }).start();
        }
        assertThat(submitted.await(10, TimeUnit.SECONDS)).isTrue();
        lanes.close(5_000);
        assertThat(written).hasSize(4_000).doesNotHaveDuplicates();
        assertThat(failed).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("test-lanes"));
        lanes.submit(-1);
        assertThat(failed).containsExactly(-1);
    }

    @Test
    void aBatchThatCannotBeWrittenIsFailedWholeAndTheLaneGoesOn() {
        BatchLanes<Integer> lanes = lanes(2, 7);
        for (int i = 1; i <= 500; i++) {
            lanes.submit(i);
        }
        lanes.close(5_000);
        assertThat(written.size() + failed.size()).isEqualTo(500);
        assertThat(failed).contains(7, 14, 497);
        List<Integer> all = new ArrayList<>(written);
        all.addAll(failed);
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void aLaneStuckInAWriteWhenClosedStopsOnceItIsFreed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        BatchLanes<Integer> lanes = new BatchLanes<>("stuck-lanes", 1, 1, 60_000, () -> new StoreConnection(null),
                new BatchLanes.Handler<>() {
                    @Override
                    public void write(List<Integer> batch, StoreConnection store) throws SQLException {
                        if (!batch.isEmpty()) {
                            stuck.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                throw new SQLException(e);
                            }
                            written.addAll(batch);
                        }
                    }

                    @Override
                    public void failed(List<Integer> items, SQLException why) {
                        failed.addAll(items);
                    }
                });
        lanes.submit(1);
        assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
        lanes.submit(2);
        lanes.close(100); // the store hangs: close gives up on the lane and fails what is queued
        assertThat(failed).containsExactly(2);
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("stuck-lanes"))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("stuck-lanes"));
        assertThat(written).containsExactly(1);
    }

    @Test
    void anErrorInABatchFailsThatBatchAndTheLaneGoesOn() throws Exception {
        BatchLanes<Integer> lanes = lanes(1, 0);
        lanes.submit(-13);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (failed.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        lanes.submit(1);
        lanes.close(5_000);
        assertThat(failed).containsExactly(-13);
        assertThat(written).containsExactly(1);
    }

    @Test
    void lanesStartWithTheFirstItemOnly() {
        BatchLanes<Integer> lanes = lanes(2, 0);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("test-lanes"));
        lanes.close(1_000);
        assertThat(laneThreads).isEmpty();
    }
}
