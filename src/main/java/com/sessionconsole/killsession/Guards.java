package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Session;

import java.util.Locale;

/**
 * The sessions that are never killed, whoever asks: the server's own threads (replication, daemons such as the
 * event scheduler) and the connections of Session Console processes (the same rules pt-kill and Workbench
 * follow). Checked on the live session at kill time, not on what a caller says it saw.
 *
 * <p>A server thread is known by what a client cannot fake: its command ({@code Daemon}, {@code Binlog Dump},
 * {@code Slave_*}), or having no client host at all. A login merely named {@code system user} or
 * {@code event_scheduler} connects from a host and runs ordinary commands, so it is not protected.
 */
public final class Guards {

    private Guards() {
    }

    /** Why the session is protected, or null when it may be killed. */
    public static String reason(Session session) {
        if (session.ownConnection()) {
            return "the console's own connection (or another Session Console's sharing its audit store)";
        }
        String command = lower(session.command());
        if (command.startsWith("binlog dump")) {
            return "replication: binlog sender to a replica (" + session.command() + ")";
        }
        if (command.startsWith("slave_") || command.startsWith("replica_")) {
            return "replication thread (" + session.command() + ")";
        }
        if (command.equals("daemon")) {
            return "server daemon thread: " + session.user();
        }
        if (session.host() == null || session.host().isBlank()) {
            return "server thread (no client host): " + session.user() + ", " + session.command();
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
