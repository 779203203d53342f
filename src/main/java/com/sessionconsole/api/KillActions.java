package com.sessionconsole.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * KillSession and DescribeFlow. A KillSession runs to its end inside the request (the service audits it and
 * gives the TaskId), so DescribeFlow already answers 0 or 1 for it; 2 is seen only for a task another front end
 * is running.
 */
final class KillActions {
    private static final Set<String> KILL_PARAMS = Set.of("InstanceId", "SessionId", "ShardId", "ShardSerialId", "NodeId");
    private static final Set<String> FLOW_PARAMS = Set.of("FlowId");

    private final KillSessionService service;

    KillActions(KillSessionService service) {
        this.service = service;
    }

    void killSession(ActionRequest request, ObjectNode response) throws ApiError, KillSessionException {
        ActionParameters params = request.params();
        params.allowOnly(KILL_PARAMS);
        List<Long> sessionIds = params.has("SessionId") ? params.longList("SessionId") : null;
        // The service validates the request (and audits a refusal) with the same words as the other front ends.
        // Its live read may be one begun after this request reached the server, shared with others.
        KillRequest kill = new KillRequest(params.string("InstanceId"), params.string("ShardId"),
                params.string("ShardSerialId"), sessionIds, KillMode.CONNECTION, Map.of(), params.string("NodeId"),
                request.arrivedNanos());
        KillTask task = service.kill(kill, request.caller());
        response.put("TaskId", task.taskId());
    }

    void describeFlow(ActionRequest request, ObjectNode response) throws ApiError, KillSessionException {
        ActionParameters params = request.params();
        Caller caller = request.caller();
        params.allowOnly(FLOW_PARAMS);
        long flowId = params.requiredLong("FlowId");
        if (flowId <= 0) {
            throw ActionParameters.invalid("FlowId", flowId + " is not a FlowId (a positive integer)");
        }
        Optional<KillTask> found = service.task(flowId);
        if (found.isEmpty()) {
            throw new ApiError(ApiError.FLOW_NOT_FOUND, "FlowId: no task " + flowId);
        }
        KillTask task = found.get();
        if (!caller.mayTouch(task.instanceId())) {
            throw new ApiError(ApiError.PERMISSION_DENIED, caller.actor() + " may not see tasks of instance "
                    + task.instanceId());
        }
        response.put("Status", task.status().flowStatus());
        // Beyond the contract, ignored by clients that do not know it: what became of each session, so that a
        // Session Console client reports per-session outcomes instead of guessing them from Status.
        ArrayNode sessions = response.putArray("Sessions");
        for (SessionOutcome outcome : task.outcomes()) {
            ObjectNode item = sessions.addObject();
            item.put("SessionId", outcome.sessionId());
            item.put("Outcome", outcome.outcome().name());
            item.put("Message", SafeMessage.of(outcome.message()));
        }
        if (!task.detail().isEmpty()) {
            response.put("Detail", SafeMessage.of(task.detail()));
        }
    }
}
