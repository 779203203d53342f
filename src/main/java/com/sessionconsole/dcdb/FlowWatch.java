package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.backend.BackendException;

import java.util.List;
import java.util.Set;

/**
 * Polls DescribeFlow for a KillSession task until it leaves "running" or the deadline passes. Sparingly: the
 * first poll after {@link DcdbTimeouts#flowPoll()}, each next one after twice the wait before, up to
 * {@link #MAX_POLL_MILLIS}, so a kill of many shards does not spend the action's rate limit on asking.
 */
final class FlowWatch {
    static final long MAX_POLL_MILLIS = 2_000;

    interface StillListed {
        Set<Long> read() throws BackendException;
    }

    private FlowWatch() {
    }

    static List<SessionOutcome> await(DcdbClient client, DcdbTimeouts timeouts, long taskId, List<Long> ids,
                                      StillListed stillListed) {
        long deadline = System.nanoTime() + timeouts.flowTimeout().toNanos();
        ObjectNode query = DcdbClient.body();
        query.put("FlowId", taskId);
        long pause = timeouts.flowPoll().toMillis();
        while (true) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FlowOutcomes.all(ids, Outcome.FAILED, "interrupted while waiting for remote task " + taskId);
            }
            pause = Math.min(MAX_POLL_MILLIS, pause * 2);
            JsonNode flow;
            try {
                flow = client.call("DescribeFlow", query, RateLimits.Priority.KILL, deadline);
            } catch (BackendException e) {
                return FlowOutcomes.all(ids, Outcome.FAILED, "KillSession was accepted as task " + taskId
                        + " but its outcome is unknown: " + e.getMessage());
            }
            int status = flow.path("Status").asInt(-1);
            if (status != FlowOutcomes.RUNNING) {
                List<SessionOutcome> reported = FlowOutcomes.reported(taskId, flow, ids);
                if (reported != null) {
                    return reported;
                }
                if (status == FlowOutcomes.SUCCESS) {
                    return FlowOutcomes.succeeded(taskId, ids);
                }
                if (status == FlowOutcomes.FAILED) {
                    try {
                        return FlowOutcomes.failed(taskId, ids, stillListed.read());
                    } catch (BackendException e) {
                        return FlowOutcomes.all(ids, Outcome.FAILED, "remote task " + taskId
                                + " failed (DescribeFlow Status 1)");
                    }
                }
                return FlowOutcomes.all(ids, Outcome.FAILED, "remote task " + taskId + ": DescribeFlow answered"
                        + " an unknown Status " + flow.path("Status").asText());
            }
            if (System.nanoTime() + pause * 1_000_000 - deadline > 0) {
                return FlowOutcomes.all(ids, Outcome.FAILED, "remote task " + taskId + " still running after "
                        + timeouts.flowTimeout().toSeconds() + " s; it may still finish: check DescribeFlow FlowId "
                        + taskId);
            }
        }
    }
}
