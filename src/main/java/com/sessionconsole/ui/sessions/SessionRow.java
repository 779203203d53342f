package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.FleetSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the sessions table: the session plus what the table derives from the whole snapshot (who blocks
 * whom), and text prepared once per refresh, off the FX thread, so sorting and filtering stay cheap.
 *
 * @param waiters       how many sessions of the same shard wait for a lock this one holds
 * @param haystack      user, host, db and statement in lower case: what the quick filter searches
 * @param queryKillable whether its instance can end a statement alone: a Tencent Cloud instance (the dcdb API)
 *                      ends connections only
 */
public record SessionRow(Session session, SessionKey key, String statementLine, String haystack, int waiters,
                         boolean queryKillable) {

    /** The rows of a snapshot, in the service's order. */
    public static List<SessionRow> of(FleetSnapshot snapshot) {
        Set<String> connectionsOnly = new HashSet<>();
        for (Instance instance : snapshot.instances()) {
            if (instance.kind() == InstanceKind.DCDB) {
                connectionsOnly.add(instance.id());
            }
        }
        return of(snapshot.sessions(), connectionsOnly);
    }

    /**
     * The rows of sessions shown outside the sessions table (a rule's confirmation, whose kill mode is the rule's):
     * who blocks whom is counted among them, and none is marked as connections-only.
     */
    public static List<SessionRow> of(List<Session> sessions) {
        return of(sessions, Set.of());
    }

    private static List<SessionRow> of(List<Session> sessions, Set<String> connectionsOnly) {
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
                    waiters.getOrDefault(key, 0), !connectionsOnly.contains(session.shard().instanceId())));
        }
        return rows;
    }

    /**
     * A row for one session outside a refresh (a root blocker from the lock chains, which only self-managed shards
     * have), with its waiters counted.
     */
    public static SessionRow of(Session session, int waiters) {
        return new SessionRow(session, SessionKey.of(session), session.statementOneLine(), haystack(session), waiters,
                true);
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
