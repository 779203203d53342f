package com.sessionconsole.fleet;

import java.time.Instant;
import java.util.List;

/**
 * One accepted KillSession request and what came of it.
 *
 * @param finishedAt null while running, and for an interrupted task
 * @param detail     why the task failed as a whole ("interrupted", "shard unreachable: ..."), else empty
 * @param outcomes   one per requested session once finished; empty while running
 */
public record KillTask(long taskId, Instant requestedAt, Instant finishedAt, String actor, String instanceId,
                       String shardId, String shardSerialId, KillMode mode, List<Long> sessionIds,
                       TaskStatus status, String detail, List<SessionOutcome> outcomes) {

    public KillTask {
        sessionIds = List.copyOf(sessionIds);
        outcomes = List.copyOf(outcomes);
        detail = detail == null ? "" : detail;
    }

    public long count(Outcome outcome) {
        return outcomes.stream().filter(o -> o.outcome() == outcome).count();
    }

    /** Whether the task is known to be finished: it has an outcome, recorded or not. */
    public boolean finished() {
        return status != TaskStatus.RUNNING;
    }

    public KillTask finish(Instant at, TaskStatus finalStatus, String why, List<SessionOutcome> results) {
        return new KillTask(taskId, requestedAt, at, actor, instanceId, shardId, shardSerialId, mode, sessionIds,
                finalStatus, why, results);
    }
}
