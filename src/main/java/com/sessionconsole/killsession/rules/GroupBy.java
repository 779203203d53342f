package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.Session;

import java.util.List;
import java.util.Locale;

/** What sessions are grouped by, and the rule condition a group of each kind becomes. */
public enum GroupBy {
    USER, HOST, DB, COMMAND, FINGERPRINT;

    /** The group a session falls in; empty when the session has no value (no db, no statement). */
    public String keyOf(Session session) {
        String key = switch (this) {
            case USER -> session.user();
            case HOST -> HostPattern.withoutPort(session.host());
            case DB -> session.db();
            case COMMAND -> session.command();
            case FINGERPRINT -> Fingerprint.of(session.statement());
        };
        return key == null ? "" : key;
    }

    /**
     * The conditions that take a group's sessions: the one that names the group. A group without a value (sessions
     * with no db, or no statement) cannot be named by a condition: null.
     */
    public Conditions conditionsFor(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        Conditions none = Conditions.NONE;
        return switch (this) {
            case USER -> with(none, List.of(key), null, null, null, null);
            case HOST -> with(none, null, List.of(new HostPattern(key)), null, null, null);
            case DB -> with(none, null, null, List.of(key), null, null);
            case COMMAND -> with(none, null, null, null, List.of(key), null);
            case FINGERPRINT -> with(none, null, null, null, null, key);
        };
    }

    private static Conditions with(Conditions c, List<String> users, List<HostPattern> hosts, List<String> dbs,
                                   List<String> commands, String fingerprint) {
        return new Conditions(users, hosts, dbs, commands, c.states(), c.info(), fingerprint, c.busyTime(),
                c.idleTime(), c.trxAge(), c.rowsModified(), c.blocksOthers(), c.waitsOnLock(), c.ignoreUsers(),
                c.ignoreHosts(), c.ignoreDbs());
    }

    public static GroupBy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' (expected user, host, db, command or fingerprint)");
        }
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
