package com.sessionconsole.mysql;

import com.sessionconsole.common.Threads;
import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes the backends of self-managed instances. Whatever the size of the fleet, they share a fixed set of
 * threads: one housekeeper that retires idle connections of every shard, and the kill lanes; and one bound on
 * the connections being made at once.
 */
public final class MysqlBackends implements BackendFactory {
    /** Connections in the making at once, over every shard: a cold start never storms the fleet. */
    public static final int HANDSHAKES = 16;
    /** Threads that send the KILLs of extra lanes, over every shard (the first lane runs on the caller). */
    static final int LANE_THREADS = 16;
    private static final long HOUSEKEEPING_SECONDS = 5;

    private final MysqlTimeouts timeouts;
    private final Semaphore handshakes = new Semaphore(HANDSHAKES);
    private final Set<MysqlInstanceBackend> backends = ConcurrentHashMap.newKeySet();
    private final ExecutorService lanes;
    private final ScheduledExecutorService housekeeper;

    public MysqlBackends(MysqlTimeouts timeouts) {
        this.timeouts = timeouts;
        ThreadPoolExecutor laneThreads = new ThreadPoolExecutor(LANE_THREADS, LANE_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Threads.daemons("kill-lane"));
        laneThreads.allowCoreThreadTimeOut(true);
        this.lanes = laneThreads;
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, Threads.daemons("pool-housekeeper"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.scheduleWithFixedDelay(this::housekeeping, HOUSEKEEPING_SECONDS, HOUSEKEEPING_SECONDS,
                TimeUnit.SECONDS);
        this.housekeeper = scheduler;
    }

    @Override
    public InstanceBackend open(InstanceConfig config, ConsoleConnections consoleConnections) {
        MysqlInstanceBackend backend = new MysqlInstanceBackend(config, timeouts, lanes, consoleConnections,
                handshakes, backends::remove);
        backends.add(backend);
        return backend;
    }

    private void housekeeping() {
        for (MysqlInstanceBackend backend : backends) {
            backend.retireIdle();
        }
    }

    @Override
    public void close() {
        housekeeper.shutdownNow();
        lanes.shutdownNow();
    }
}
