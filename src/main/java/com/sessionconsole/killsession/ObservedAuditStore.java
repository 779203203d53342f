package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.killsession.ServiceObserver.AuditWrite;
import com.sessionconsole.killsession.audit.AuditStore;
import com.sessionconsole.killsession.audit.Refusal;
import com.sessionconsole.killsession.audit.RequestLedger;
import com.sessionconsole.killsession.audit.TaskIntent;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** An audit store whose writes and finished tasks are told to an observer, timed from call to durable. */
final class ObservedAuditStore implements AuditStore {
    private final AuditStore store;
    private final ServiceObserver observer;

    private ObservedAuditStore(AuditStore store, ServiceObserver observer) {
        this.store = store;
        this.observer = observer;
    }

    /** The store itself when nobody observes. */
    static AuditStore of(AuditStore store, ServiceObserver observer) {
        return observer == ServiceObserver.NONE ? store : new ObservedAuditStore(store, observer);
    }

    @Override
    public KillTask begin(TaskIntent intent) throws IOException {
        long start = System.nanoTime();
        boolean durable = false;
        try {
            KillTask task = store.begin(intent);
            durable = true;
            return task;
        } finally {
            observer.auditWritten(AuditWrite.INTENT, System.nanoTime() - start, durable);
        }
    }

    @Override
    public CompletableFuture<KillTask> settling(TaskIntent intent, UnaryOperator<KillTask> outcome) {
        long start = System.nanoTime();
        return store.settling(intent, outcome).whenComplete((task, failure) -> {
            observer.auditWritten(AuditWrite.INTENT_AND_OUTCOME, System.nanoTime() - start, failure == null);
            if (task != null) {
                observer.taskFinished(task);
            }
        });
    }

    @Override
    public void finish(KillTask task) throws IOException {
        long start = System.nanoTime();
        boolean durable = false;
        try {
            store.finish(task);
            durable = true;
        } finally {
            observer.auditWritten(AuditWrite.OUTCOME, System.nanoTime() - start, durable);
            // Its KILLs went out whether or not the outcome could be written.
            observer.taskFinished(task);
        }
    }

    @Override
    public int unrecordedOutcomes() {
        return store.unrecordedOutcomes();
    }

    @Override
    public void refused(Refusal refusal) {
        store.refused(refusal);
    }

    @Override
    public Optional<KillTask> task(long taskId) throws IOException {
        return store.task(taskId);
    }

    @Override
    public List<KillTask> tasks() {
        return store.tasks();
    }

    @Override
    public IOException failure(Throwable error) {
        return store.failure(error);
    }

    @Override
    public ConsoleConnections consoleConnections() {
        return store.consoleConnections();
    }

    @Override
    public Optional<RequestLedger> requestLedger() {
        return store.requestLedger();
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public long writeTimeoutMillis() {
        return store.writeTimeoutMillis();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
