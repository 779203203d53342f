package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.backend.BackendException;

import java.util.List;
import java.util.Set;

/** Polls DescribeFlow for a KillSession task until it leaves "running" or the deadline passes. */
final class FlowWatch {

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
        while (true) {
            JsonNode flow;
            try {
                flow = client.call("DescribeFlow", query);
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
            if (System.nanoTime() > deadline) {
                return FlowOutcomes.all(ids, Outcome.FAILED, "remote task " + taskId + " still running after "
                        + timeouts.flowTimeout().toSeconds() + " s; it may still finish: check DescribeFlow FlowId "
                        + taskId);
            }
            try {
                Thread.sleep(timeouts.flowPoll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FlowOutcomes.all(ids, Outcome.FAILED, "interrupted while waiting for remote task " + taskId);
            }
        }
    }
}
