package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillTask;

/**
 * Told what the service does, for whoever counts it (serve's {@code /metrics}). Called on the service's own
 * threads, in the middle of its work: an implementation must return at once and never throw.
 */
public interface ServiceObserver {
    /** Observes nothing. */
    ServiceObserver NONE = new ServiceObserver() {
    };

    /** How one shard read ended. */
    enum ReadResult { OK, ERROR, TIMEOUT }

    /** What an audit write was for. */
    enum AuditWrite { INTENT, OUTCOME, INTENT_AND_OUTCOME }

    /**
     * One shard's process list was read for a listing or before a kill.
     *
     * @param nanos how long the read took, from when it started (a timed-out read: its limit)
     */
    default void shardRead(String instanceId, ReadResult result, long nanos) {
    }

    /** A task is finished and recorded (whether or not it killed anything): its sessions carry their outcomes. */
    default void taskFinished(KillTask task) {
    }

    /**
     * An audit write ended, durable or failed.
     *
     * @param nanos from the write's call until it was durable or failed
     */
    default void auditWritten(AuditWrite kind, long nanos, boolean durable) {
    }
}
