package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.FleetSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the sessions table: the session plus what the table derives from the whole snapshot (who blocks
 * whom), and text prepared once per refresh, off the FX thread, so sorting and filtering stay cheap.
 *
 * @param waiters  how many sessions of the same shard wait for a lock this one holds
 * @param haystack user, host, db and statement in lower case: what the quick filter searches
 */
public record SessionRow(Session session, SessionKey key, String statementLine, String haystack, int waiters) {

    /** The rows of a snapshot, in the service's order. */
    public static List<SessionRow> of(FleetSnapshot snapshot) {
        List<Session> sessions = snapshot.sessions();
        Map<SessionKey, Integer> waiters = new HashMap<>();
        for (Session session : sessions) {
            if (session.blockedBy() != null) {
                waiters.merge(new SessionKey(session.shard().key(), session.blockedBy()), 1, Integer::sum);
            }
        }
        List<SessionRow> rows = new ArrayList<>(sessions.size());
        for (Session session : sessions) {
            SessionKey key = SessionKey.of(session);
            rows.add(new SessionRow(session, key, session.statementOneLine(), haystack(session),
                    waiters.getOrDefault(key, 0)));
        }
        return rows;
    }

    /** A row for one session outside a refresh (a root blocker from the lock chains), with its waiters counted. */
    public static SessionRow of(Session session, int waiters) {
        return new SessionRow(session, SessionKey.of(session), session.statementOneLine(), haystack(session), waiters);
    }

    private static String haystack(Session session) {
        StringBuilder text = new StringBuilder();
        for (String part : new String[] {session.user(), session.host(), session.db(), session.statement()}) {
            if (part != null) {
                text.append(part.toLowerCase(Locale.ROOT)).append('\u0000');
            }
        }
        return text.toString();
    }

    public boolean blocker() {
        return waiters > 0;
    }

    public boolean waiting() {
        return session.waitingForLock();
    }

    public Long transactionAge() {
        return session.transaction() == null ? null : session.transaction().ageSeconds();
    }

    public Long rowsModified() {
        return session.transaction() == null ? null : session.transaction().rowsModified();
    }

    public String userAtHost() {
        return session.user() + "@" + session.host();
    }

    /** A few words for the marks column: protected, lock waiter, lock holder. */
    public String mark() {
        if (session.isProtected()) {
            return "protected";
        }
        if (waiting()) {
            return session.blockedBy() != null ? "waits on " + session.blockedBy() : "lock wait";
        }
        return blocker() ? "blocks " + waiters : "";
    }
}
