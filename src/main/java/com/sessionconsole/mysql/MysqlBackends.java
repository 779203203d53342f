package com.sessionconsole.mysql;

import com.sessionconsole.common.Threads;
import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Makes the backends of self-managed instances, which share the threads of their kill lanes. */
public final class MysqlBackends implements BackendFactory {
    private final MysqlTimeouts timeouts;
    private final ExecutorService lanes = Executors.newCachedThreadPool(Threads.daemons("kill-lane"));

    public MysqlBackends(MysqlTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public InstanceBackend open(InstanceConfig config, ConsoleConnections consoleConnections) {
        return new MysqlInstanceBackend(config, timeouts, lanes, consoleConnections);
    }

    @Override
    public void close() {
        lanes.shutdownNow();
    }
}
