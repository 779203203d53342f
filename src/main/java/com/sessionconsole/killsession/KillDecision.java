package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a kill does with the sessions found live: which KILLs to send, and how the others end without one
 * (gone, protected by a guard, or no longer running the statement the operator saw). Pure: no I/O.
 *
 * @param live    the sessions found, by id
 * @param decided the sessions settled without a KILL, by id
 * @param orders  the KILLs to send, in the order asked
 */
record KillDecision(Map<Long, Session> live, Map<Long, SessionOutcome> decided, List<KillOrder> orders) {

    /**
     * @param seen "kill what you saw": id to the statement the operator was shown ("" when shown idle); a QUERY
     *             kill of such a session goes ahead only if it still runs exactly that statement
     */
    static KillDecision of(List<Long> ids, KillMode mode, Map<Long, String> seen, Map<Long, Session> live) {
        Map<Long, SessionOutcome> decided = new LinkedHashMap<>();
        List<KillOrder> orders = new ArrayList<>();
        for (long id : ids) {
            Session session = live.get(id);
            String protectedBy = session == null ? null : Guards.reason(session);
            if (session == null) {
                decided.put(id, new SessionOutcome(id, Outcome.ALREADY_GONE, "no such session: it has ended"));
            } else if (protectedBy != null) {
                decided.put(id, new SessionOutcome(id, Outcome.PROTECTED, protectedBy));
            } else if (mode == KillMode.QUERY && session.statement() == null) {
                decided.put(id, new SessionOutcome(id, Outcome.ALREADY_GONE,
                        "no statement running, nothing to end (kill the connection to end an idle session)"));
            } else if (mode == KillMode.QUERY && seen.containsKey(id)
                    && !sameStatement(seen.get(id), session.statement())) {
                decided.put(id, new SessionOutcome(id, Outcome.ALREADY_GONE,
                        "the statement shown has ended; the session now runs another one, which was left alone"));
            } else {
                Long queryId = mode == KillMode.QUERY && seen.containsKey(id) ? session.queryId() : null;
                orders.add(new KillOrder(id, mode, queryId));
            }
        }
        return new KillDecision(live, decided, orders);
    }

    /** Every requested session's outcome in the order asked: the settled ones, then those {@code sent} reported. */
    List<SessionOutcome> outcomes(List<Long> ids, List<SessionOutcome> sent) {
        Map<Long, SessionOutcome> all = new LinkedHashMap<>(decided);
        for (SessionOutcome outcome : sent) {
            all.put(outcome.sessionId(), outcome);
        }
        List<SessionOutcome> ordered = new ArrayList<>(ids.size());
        for (long id : ids) {
            ordered.add(all.get(id));
        }
        return ordered;
    }

    /** Whether every session ended without a KILL having to be sent. */
    boolean nothingToSend() {
        return orders.isEmpty();
    }

    /** An empty {@code seen} statement means the operator saw the session idle. */
    private static boolean sameStatement(String seen, String now) {
        return seen.strip().equals(now == null ? "" : now.strip());
    }
}
