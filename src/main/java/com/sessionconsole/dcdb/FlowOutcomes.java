package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a finished (or unfinished) KillSession task means for each session. The contract's DescribeFlow tells
 * only 0 success, 1 failed, 2 running, so:
 * <ul>
 *   <li>a per-session list in the answer (a Session Console server adds {@code Sessions}) is taken as is;</li>
 *   <li>0: every session KILLED (the remote says the task met its goal);</li>
 *   <li>1: a session no longer listed afterwards is ALREADY_GONE (the goal is met), one still listed FAILED;</li>
 *   <li>2 past the deadline: FAILED, saying the task may still finish and how to check it.</li>
 * </ul>
 */
final class FlowOutcomes {
    static final int SUCCESS = 0;
    static final int FAILED = 1;
    static final int RUNNING = 2;

    private FlowOutcomes() {
    }

    /** The per-session list of a Session Console server, or null when the answer has none. */
    static List<SessionOutcome> reported(long taskId, JsonNode flow, List<Long> ids) {
        JsonNode sessions = flow.get("Sessions");
        if (sessions == null || !sessions.isArray() || sessions.isEmpty()) {
            return null;
        }
        Map<Long, SessionOutcome> byId = new HashMap<>();
        for (JsonNode item : sessions) {
            long id = item.path("SessionId").asLong();
            Outcome outcome;
            try {
                outcome = Outcome.valueOf(item.path("Outcome").asText());
            } catch (IllegalArgumentException e) {
                outcome = Outcome.FAILED;
            }
            String message = item.path("Message").asText("");
            byId.put(id, new SessionOutcome(id, outcome, "remote task " + taskId + (message.isEmpty() ? "" : ": " + message)));
        }
        List<SessionOutcome> outcomes = new ArrayList<>();
        for (long id : ids) {
            outcomes.add(byId.getOrDefault(id, new SessionOutcome(id, Outcome.FAILED,
                    "remote task " + taskId + " did not report this session")));
        }
        return outcomes;
    }

    static List<SessionOutcome> succeeded(long taskId, List<Long> ids) {
        return all(ids, Outcome.KILLED, "remote task " + taskId + " succeeded (DescribeFlow Status 0)");
    }

    /** After a failed task: {@code stillListed} are the sessions the shard still shows. */
    static List<SessionOutcome> failed(long taskId, List<Long> ids, Set<Long> stillListed) {
        List<SessionOutcome> outcomes = new ArrayList<>();
        for (long id : ids) {
            outcomes.add(stillListed.contains(id)
                    ? new SessionOutcome(id, Outcome.FAILED, "remote task " + taskId + " failed (DescribeFlow Status 1);"
                            + " the session is still there")
                    : new SessionOutcome(id, Outcome.ALREADY_GONE, "remote task " + taskId + " failed (DescribeFlow"
                            + " Status 1), but the session is no longer listed"));
        }
        return outcomes;
    }

    static List<SessionOutcome> all(List<Long> ids, Outcome outcome, String message) {
        List<SessionOutcome> outcomes = new ArrayList<>();
        for (long id : ids) {
            outcomes.add(new SessionOutcome(id, outcome, message));
        }
        return outcomes;
    }
}
