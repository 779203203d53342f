package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;

import java.time.Instant;
import java.util.List;

/**
 * What is recorded before any KILL of a task is sent: who asked, when, for which sessions of which shard, and
 * how. The store gives it its TaskId.
 *
 * @param requestedAt   when the request was accepted
 * @param actor         who asked, e.g. {@code window:alice} or {@code api:AKIDxxxx}
 * @param shardSerialId the shard's {@code set_...} id, or null when unknown
 */
public record TaskIntent(Instant requestedAt, String actor, String instanceId, String shardId, String shardSerialId,
                         KillMode mode, List<Long> sessionIds) {

    public TaskIntent {
        sessionIds = List.copyOf(sessionIds);
    }

    /** The running task this intent becomes under {@code taskId}. */
    public KillTask asTask(long taskId) {
        return new KillTask(taskId, requestedAt, null, actor, instanceId, shardId, shardSerialId, mode, sessionIds,
                TaskStatus.RUNNING, "", List.of());
    }
}
