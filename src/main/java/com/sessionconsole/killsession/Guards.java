package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Session;

import java.util.Locale;

/**
 * The sessions that are never killed, whoever asks: replication threads, daemons and the console's own
 * connections (the same rules pt-kill and Workbench follow). Checked on the live session at kill time, not on
 * what a caller says it saw.
 */
public final class Guards {

    private Guards() {
    }

    /** Why the session is protected, or null when it may be killed. */
    public static String reason(Session session) {
        if (session.ownConnection()) {
            return "the console's own connection";
        }
        String user = lower(session.user());
        String command = lower(session.command());
        if (command.startsWith("binlog dump")) {
            return "replication: binlog sender to a replica (" + session.command() + ")";
        }
        if (user.equals("system user") || command.startsWith("slave_") || command.startsWith("replica_")) {
            return "replication or server thread (system user)";
        }
        if (user.equals("event_scheduler")) {
            return "daemon: event_scheduler";
        }
        if (command.equals("daemon")) {
            return "daemon thread";
        }
        return null;
    }

    /** The session with its protection filled in. */
    public static Session apply(Session session) {
        return session.withProtection(reason(session));
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
