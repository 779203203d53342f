package com.sessionconsole.mysql;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the server's errors mean to the operator: a KILL's outcome, and why a shard cannot be reached. */
final class KillErrors {
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)\\D*$");

    private KillErrors() {
    }

    /** MySQL's error numbers for KILL, as the DBA knows them. */
    static Outcome classify(SQLException e) {
        switch (e.getErrorCode()) {
            case 1094: // ER_NO_SUCH_THREAD: Unknown thread id
            case 1957: // MariaDB ER_NO_SUCH_QUERY: Unknown query id (the statement already ended)
                return Outcome.ALREADY_GONE;
            case 1095: // ER_KILL_DENIED_ERROR: You are not owner of thread
            case 1227: // ER_SPECIFIC_ACCESS_DENIED_ERROR
                return Outcome.DENIED;
            default:
                return Outcome.FAILED;
        }
    }

    /** Which order an error of a multi-statement KILL belongs to, from the id its message names; -1 if unsure. */
    static int failedIndex(List<KillOrder> orders, SQLException e) {
        if (classify(e) == Outcome.FAILED || e.getMessage() == null) {
            return -1;
        }
        Matcher number = LAST_NUMBER.matcher(e.getMessage());
        if (!number.find()) {
            return -1;
        }
        long named = Long.parseLong(number.group(1));
        int found = -1;
        for (int i = 0; i < orders.size(); i++) {
            KillOrder order = orders.get(i);
            long id = order.mode() == KillMode.QUERY && order.queryId() != null ? order.queryId() : order.sessionId();
            if (id == named) {
                if (found >= 0) {
                    return -1; // named twice (a query id equal to a thread id): do not guess
                }
                found = i;
            }
        }
        return found;
    }

    /**
     * What the operator needs to read: the pool's "Connection is not available, request timed out" hides the
     * driver's own reason (connection refused, access denied, unknown host), which it keeps as the cause.
     */
    static String reason(SQLException e) {
        Throwable deepest = e;
        if (e instanceof SQLTransientConnectionException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
            while (cause != null) {
                deepest = cause;
                cause = cause.getCause() == cause ? null : cause.getCause();
                if (deepest instanceof SQLException && deepest.getMessage() != null
                        && !deepest.getMessage().startsWith("Communications link failure")) {
                    break; // the driver's own words, e.g. "Access denied for user ..."
                }
            }
        }
        String message = deepest.getMessage();
        if (message == null || message.isBlank()) {
            return deepest.getClass().getSimpleName();
        }
        if (deepest != e && message.startsWith("Communications link failure")) {
            return "cannot connect (" + message.replaceAll("\\s+", " ") + ")";
        }
        return firstLine(message);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
