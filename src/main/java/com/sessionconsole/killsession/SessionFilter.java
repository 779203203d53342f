package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Session;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which sessions the operator wants to see, the same rules for the window and the command line. Every text
 * criterion is a case-insensitive substring; null or blank means "any".
 *
 * @param text          matches user, host, db or the statement (the window's quick filter)
 * @param minTime       sessions whose Time is at least this many seconds; 0 for all
 * @param hideSleeping  leave out idle sessions (Command: Sleep)
 * @param hideProtected leave out sessions that may not be killed
 */
public record SessionFilter(String text, String user, String host, String db, String command, long minTime,
                            boolean hideSleeping, boolean hideProtected) implements Predicate<Session> {

    public static final SessionFilter ALL = new SessionFilter(null, null, null, null, null, 0, false, false);

    @Override
    public boolean test(Session session) {
        if (hideSleeping && session.sleeping() && session.transaction() == null) {
            return false; // an idle session with an open transaction is exactly what a DBA hunts for
        }
        if (hideProtected && session.isProtected()) {
            return false;
        }
        if (session.timeSeconds() < minTime) {
            return false;
        }
        if (!contains(session.user(), user) || !contains(session.host(), host) || !contains(session.db(), db)) {
            return false;
        }
        if (command != null && !command.isBlank() && !command.equalsIgnoreCase(session.command())) {
            return false;
        }
        return text == null || text.isBlank() || contains(session.user(), text) || contains(session.host(), text)
                || contains(session.db(), text) || contains(session.statement(), text);
    }

    private static boolean contains(String value, String wanted) {
        if (wanted == null || wanted.isBlank()) {
            return true;
        }
        return value != null && value.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
    }
}
