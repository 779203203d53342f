package com.sessionconsole.killsession;

import com.sessionconsole.fleet.LockWait;
import com.sessionconsole.fleet.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * One session in a lock chain, with the sessions that wait for it below.
 *
 * @param session      the session as the shard listed it; null when the holder is not in the process list (a
 *                     prepared XA transaction, or a session that ended between the two reads)
 * @param lockWait     how this session waits for the one above it; for a chain's top, null when it waits for
 *                     nobody, else its own wait (a deadlock, or a holder the server does not name)
 * @param alsoWaitsFor the other sessions it waits for, shown elsewhere in the chains
 * @param waiters      the sessions waiting for this one, each once per chain
 */
public record LockNode(long sessionId, Session session, LockWait lockWait, List<Long> alsoWaitsFor,
                       List<LockNode> waiters) {

    public LockNode {
        alsoWaitsFor = List.copyOf(alsoWaitsFor);
        waiters = List.copyOf(waiters);
    }

    /** How long it has waited, when it waits and the server says. */
    public Long waitSeconds() {
        return lockWait == null ? null : lockWait.waitSeconds();
    }

    /** Its open transaction's age, or null without one. */
    public Long transactionAge() {
        return session == null || session.transaction() == null ? null : session.transaction().ageSeconds();
    }

    /** This node and every one below it, depth first. */
    public List<LockNode> flatten() {
        List<LockNode> all = new ArrayList<>();
        all.add(this);
        waiters.forEach(w -> all.addAll(w.flatten()));
        return all;
    }
}
