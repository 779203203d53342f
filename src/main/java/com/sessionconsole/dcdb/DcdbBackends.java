package com.sessionconsole.dcdb;

import com.sessionconsole.common.Threads;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;

import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Makes the backends of Tencent Cloud DCDB instances and accounts, reached through the dcdb API. They share the
 * rate limits (one lane per SecretId and action, whichever entry uses the SecretId, across inventory changes) and
 * one scheduler thread that wakes paced calls.
 */
public final class DcdbBackends implements BackendFactory {
    private final DcdbTimeouts timeouts;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Pacer pacer;

    public DcdbBackends(DcdbTimeouts timeouts) {
        this.timeouts = timeouts;
        this.scheduler = new ScheduledThreadPoolExecutor(1, Threads.daemons("dcdb-pacer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.pacer = new Pacer(scheduler);
    }

    @Override
    public InstanceBackend open(InstanceConfig config, ConsoleConnections consoleConnections) {
        return config.kind() == InstanceKind.DCDB_ACCOUNT ? new DcdbAccountBackend(config, timeouts, pacer)
                : new DcdbInstanceBackend(config, timeouts, pacer);
    }

    /** Calls sent so far, by action, over every backend of this factory (for the benchmark and the tests). */
    public Map<String, Long> sentCalls() {
        return pacer.limits.sentCalls();
    }

    /** RequestLimitExceeded answers the API gave so far (each was retried, or reported once time ran out). */
    public long limitAnswers() {
        return pacer.limits.limitAnswers();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
