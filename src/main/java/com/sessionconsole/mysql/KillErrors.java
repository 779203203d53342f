package com.sessionconsole.mysql;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
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

    /** Whether the server refused for want of a privilege (PROCESS for INNODB_TRX, say). */
    static boolean accessDenied(SQLException e) {
        return e.getErrorCode() == 1227 || e.getErrorCode() == 1142 || e.getErrorCode() == 1044;
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
     * What the operator needs to read. The driver's "Communications link failure" says only that the network
     * failed; its cause says how (connection refused, unknown host, read timed out), and a pool's "no
     * connection" keeps the driver's reason (access denied) as its cause.
     */
    static String reason(SQLException e) {
        if (e instanceof ShardUnavailable) {
            return e.getMessage();
        }
        SQLException driver = e;
        if (e instanceof SQLTransientConnectionException && e.getCause() instanceof SQLException) {
            driver = (SQLException) e.getCause();
        }
        String message = driver.getMessage();
        if (message == null || message.isBlank()) {
            return driver.getClass().getSimpleName();
        }
        if (message.startsWith("Communications link failure")) {
            Throwable root = driver;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != driver && root.getMessage() != null) {
                boolean connecting = root instanceof ConnectException || root instanceof UnknownHostException
                        || root instanceof NoRouteToHostException;
                return (connecting ? "cannot connect: " : "connection lost: ") + firstLine(root.getMessage());
            }
            return "connection lost (Communications link failure)";
        }
        return firstLine(message);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
