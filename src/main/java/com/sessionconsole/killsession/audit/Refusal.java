package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillMode;

import java.time.Instant;
import java.util.List;

/**
 * A request refused before it became a task (bad input, no permission, unknown instance), as the audit records
 * it: the fields as the caller gave them, and the contract's error code and message.
 *
 * @param sessionIds the ids as given; an id the caller left empty is recorded as -1
 */
public record Refusal(Instant at, String actor, String instanceId, String shardId, String shardSerialId,
                      KillMode mode, List<Long> sessionIds, String code, String message) {

    public Refusal {
        sessionIds = List.copyOf(sessionIds);
    }
}
