package com.sessionconsole.mysql;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.Transaction;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.TimeBudget;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a shard's sessions. Listing uses {@code SHOW FULL PROCESSLIST} (the cheapest complete source, about 2.3
 * times cheaper than {@code information_schema.PROCESSLIST}) plus {@code INNODB_TRX}, in one round trip, and asks
 * for lock waits only when some transaction waits. Every statement carries only numeric ids that were validated
 * as {@code long}; every statement has the query timeout.
 */
final class ProcessListReader {
    private static final String TRX_SQL = "SELECT trx_mysql_thread_id, trx_started, trx_rows_modified,"
            + " trx_rows_locked, trx_state, TIMESTAMPDIFF(SECOND, trx_started, NOW()) AS age"
            + " FROM information_schema.INNODB_TRX";
    private static final String WAITS_INFORMATION_SCHEMA = "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id"
            + " FROM information_schema.INNODB_LOCK_WAITS w"
            + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
            + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id";
    private static final String WAITS_PERFORMANCE_SCHEMA = "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id"
            + " FROM performance_schema.data_lock_waits w"
            + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID"
            + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID";

    /** Every session with its transaction and the session it waits on. */
    List<Session> sessions(Shard shard, ShardPool pool) throws SQLException {
        try (Connection connection = pool.connection(); Statement statement = connection.createStatement()) {
            Map<Long, Transaction> transactions = new HashMap<>();
            boolean anyWaiting = false;
            List<Object[]> rows = new ArrayList<>();
            // Both in one round trip (fixed text, no user input): the sessions and their transactions. An account
            // without PROCESS sees its own sessions only, and may not read the transactions: then the list alone.
            if (pool.transactionsReadable()) {
                try {
                    anyWaiting = readBoth(statement, rows, transactions);
                } catch (SQLException e) {
                    if (!KillErrors.accessDenied(e)) {
                        throw e;
                    }
                    pool.transactionsUnreadable(e.getMessage());
                    rows.clear();
                    transactions.clear();
                }
            }
            if (!pool.transactionsReadable()) {
                try (ResultSet rs = statement.executeQuery("SHOW FULL PROCESSLIST")) {
                    readRows(rs, rows);
                }
            }
            Map<Long, Long> blockers = anyWaiting ? blockers(pool, statement) : Map.of();
            // Read after the process list: a console connection opened meanwhile is already recorded.
            ConsoleConnections.View console = pool.consoleView();
            List<Session> sessions = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                long id = (Long) row[0];
                sessions.add(new Session(shard, id, (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], (Long) row[5], (String) row[6], (String) row[7], null,
                        transactions.get(id), blockers.get(id), pool.isConsole(console, id), null));
            }
            return sessions;
        }
    }

    /** The process list and the transactions in one round trip; whether any transaction waits on a lock. */
    private static boolean readBoth(Statement statement, List<Object[]> rows, Map<Long, Transaction> transactions)
            throws SQLException {
        if (!statement.execute("SHOW FULL PROCESSLIST;" + TRX_SQL)) {
            throw new SQLException("the answer held no process list");
        }
        try (ResultSet rs = statement.getResultSet()) {
            readRows(rs, rows);
        }
        if (!statement.getMoreResults()) {
            throw new SQLException("the answer held no transaction list");
        }
        boolean anyWaiting = false;
        try (ResultSet rs = statement.getResultSet()) {
            while (rs.next()) {
                Transaction trx = transaction(rs);
                transactions.put(rs.getLong(1), trx);
                anyWaiting |= trx.waitingForLock();
            }
        }
        return anyWaiting;
    }

    private static void readRows(ResultSet rs, List<Object[]> rows) throws SQLException {
        while (rs.next()) {
            rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getLong(6), rs.getString(7), rs.getString(8)});
        }
    }

    /** The given sessions with their transactions and, on MariaDB, the id of the statement each runs. */
    Map<Long, Session> lookup(Shard shard, ShardPool pool, Collection<Long> sessionIds, TimeBudget budget)
            throws SQLException {
        if (sessionIds.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = pool.connection(budget)) {
            String columns = pool.mariaDb() ? "ID, USER, HOST, DB, COMMAND, TIME, STATE, INFO, QUERY_ID"
                    : "ID, USER, HOST, DB, COMMAND, TIME, STATE, INFO";
            String sql = "SELECT " + columns + " FROM information_schema.PROCESSLIST WHERE ID IN ("
                    + "?,".repeat(sessionIds.size() - 1) + "?)";
            Map<Long, Session> found = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                for (long id : sessionIds) {
                    statement.setLong(index++, id);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        Long queryId = pool.mariaDb() ? rs.getLong(9) : null;
                        found.put(id, new Session(shard, id, rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), queryId, null,
                                null, pool.isOwn(id), null));
                    }
                }
            }
            if (!found.isEmpty()) {
                String trxSql = TRX_SQL + " WHERE trx_mysql_thread_id IN (" + "?,".repeat(found.size() - 1) + "?)";
                try (PreparedStatement statement = connection.prepareStatement(trxSql)) {
                    int index = 1;
                    for (long id : found.keySet()) {
                        statement.setLong(index++, id);
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            Session session = found.get(rs.getLong(1));
                            found.put(session.id(), withTransaction(session, transaction(rs)));
                        }
                    }
                }
            }
            return markConsole(pool, found);
        }
    }

    /** Every session as {@code SHOW FULL PROCESSLIST} shows it, by id (no transactions). */
    Map<Long, Session> processList(Shard shard, ShardPool pool, TimeBudget budget) throws SQLException {
        Map<Long, Session> all = new HashMap<>();
        try (Connection connection = pool.connection(budget); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SHOW FULL PROCESSLIST")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    all.put(id, new Session(shard, id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), null, null, null,
                            pool.isOwn(id), null));
                }
            }
            return Collections.unmodifiableMap(markConsole(pool, all));
        }
    }

    /**
     * Marks the connections of the other consoles sharing the audit store, read after the sessions: a console
     * connection opened meanwhile is then already recorded.
     */
    private static Map<Long, Session> markConsole(ShardPool pool, Map<Long, Session> sessions) {
        ConsoleConnections.View console = pool.consoleView();
        sessions.replaceAll((id, s) -> s.ownConnection() || !pool.isConsole(console, id) ? s
                : new Session(s.shard(), s.id(), s.user(), s.host(), s.db(), s.command(), s.timeSeconds(), s.state(),
                        s.statement(), s.queryId(), s.transaction(), s.blockedBy(), true, s.protectedReason()));
        return sessions;
    }

    private static Map<Long, Long> blockers(ShardPool pool, Statement statement) {
        Map<Long, Long> blockers = new HashMap<>();
        String sql = pool.mariaDb() ? WAITS_INFORMATION_SCHEMA : WAITS_PERFORMANCE_SCHEMA;
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                blockers.merge(rs.getLong(1), rs.getLong(2), Math::min);
            }
        } catch (SQLException e) {
            // Lock-wait tables need extra privileges on some servers: the sessions still list without it.
            if (!pool.mariaDb()) {
                try (ResultSet rs = statement.executeQuery(WAITS_INFORMATION_SCHEMA)) {
                    while (rs.next()) {
                        blockers.merge(rs.getLong(1), rs.getLong(2), Math::min);
                    }
                } catch (SQLException ignored) {
                    return Map.of();
                }
            }
        }
        return blockers;
    }

    private static Session withTransaction(Session s, Transaction trx) {
        return new Session(s.shard(), s.id(), s.user(), s.host(), s.db(), s.command(), s.timeSeconds(), s.state(),
                s.statement(), s.queryId(), trx, s.blockedBy(), s.ownConnection(), s.protectedReason());
    }

    private static Transaction transaction(ResultSet rs) throws SQLException {
        Timestamp started = rs.getTimestamp(2);
        return new Transaction(started == null ? null : started.toInstant(), rs.getLong(6), rs.getLong(3),
                rs.getLong(4), rs.getString(5));
    }
}
