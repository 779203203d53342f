package com.sessionconsole.mysql;

import com.sessionconsole.fleet.LockGraph;
import com.sessionconsole.fleet.LockWait;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.TimeBudget;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a shard's waits-for graph: its sessions as a listing reads them, then, only when someone waits, the row
 * lock waits (INNODB_LOCK_WAITS on MariaDB, performance_schema.data_lock_waits on MySQL 8) and the metadata
 * locks (performance_schema.metadata_locks; MariaDB's METADATA_LOCK_INFO plugin when that is all there is).
 * A waiter the server does not tie to a holder still shows, as a wait with no blocker. Fixed SQL text only.
 */
final class LockGraphReader {
    private static final String ROWS_MARIADB = "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id,"
            + " TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()), l.lock_table, l.lock_index, l.lock_mode"
            + " FROM information_schema.INNODB_LOCK_WAITS w"
            + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
            + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id"
            + " LEFT JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id";
    private static final String ROWS_MYSQL = "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id,"
            + " TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()), CONCAT(l.OBJECT_SCHEMA, '.', l.OBJECT_NAME),"
            + " l.INDEX_NAME, l.LOCK_MODE"
            + " FROM performance_schema.data_lock_waits w"
            + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID"
            + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID"
            + " LEFT JOIN performance_schema.data_locks l ON l.ENGINE_LOCK_ID = w.REQUESTING_ENGINE_LOCK_ID";
    private static final String MDL_PERFORMANCE_SCHEMA = "SELECT t.PROCESSLIST_ID, m.OBJECT_TYPE, m.OBJECT_SCHEMA,"
            + " m.OBJECT_NAME, m.LOCK_TYPE, m.LOCK_STATUS FROM performance_schema.metadata_locks m"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID"
            + " WHERE t.PROCESSLIST_ID IS NOT NULL";
    private static final String MDL_PLUGIN = "SELECT THREAD_ID, LOCK_TYPE, TABLE_SCHEMA, TABLE_NAME, LOCK_MODE"
            + " FROM information_schema.METADATA_LOCK_INFO";

    /** ER_UNKNOWN_TABLE: what asking for a plugin's table says when the plugin is not loaded. */
    private static final int UNKNOWN_TABLE = 1109;

    private final ProcessListReader sessions;

    LockGraphReader(ProcessListReader sessions) {
        this.sessions = sessions;
    }

    LockGraph read(Shard shard, ShardPool pool, TimeBudget budget) throws SQLException {
        List<Session> all = sessions.sessions(shard, pool);
        Set<Long> rowWaiters = new HashSet<>();
        Set<Long> metadataWaiters = new HashSet<>();
        Map<Long, Long> statementSeconds = new HashMap<>();
        for (Session session : all) {
            statementSeconds.put(session.id(), session.timeSeconds());
            if (session.transaction() != null && session.transaction().waitingForLock()) {
                rowWaiters.add(session.id());
            } else if (waitsForMetadataLock(session.state())) {
                metadataWaiters.add(session.id());
            }
        }
        List<LockWait> waits = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        if (!rowWaiters.isEmpty() || !metadataWaiters.isEmpty()) {
            try (Connection connection = pool.connection(budget); Statement sql = connection.createStatement()) {
                if (!rowWaiters.isEmpty()) {
                    sources.add(rowWaits(sql, pool.mariaDb(), waits));
                }
                if (!metadataWaiters.isEmpty()) {
                    sources.add(metadataWaits(sql, pool.mariaDb(), metadataWaiters, statementSeconds, waits));
                }
            }
        }
        Set<Long> named = new HashSet<>();
        waits.forEach(wait -> named.add(wait.waiterId()));
        for (Session session : all) {
            long id = session.id();
            if (!named.contains(id) && (rowWaiters.contains(id) || metadataWaiters.contains(id))) {
                LockWait.Kind kind = rowWaiters.contains(id) ? LockWait.Kind.ROW : LockWait.Kind.METADATA;
                waits.add(new LockWait(id, null, kind, "", "", statementSeconds.get(id)));
            }
        }
        return new LockGraph(all, waits, sources, null);
    }

    /**
     * The process list states of a session waiting for a metadata lock ("Waiting for table metadata lock",
     * "... schema metadata lock", "... global read lock", "... backup lock", "... commit lock", ...).
     */
    static boolean waitsForMetadataLock(String state) {
        return state != null && state.startsWith("Waiting for ") && state.endsWith(" lock")
                && !state.equals("Waiting for table level lock");
    }

    private static String rowWaits(Statement sql, boolean mariaDb, List<LockWait> waits) {
        if (!mariaDb) {
            try {
                waits.addAll(readRowWaits(sql, ROWS_MYSQL));
                return "row locks: performance_schema.data_lock_waits";
            } catch (SQLException e) {
                // MySQL 5.7 has no data_lock_waits, and keeps its waits where MariaDB does.
            }
        }
        try {
            waits.addAll(readRowWaits(sql, ROWS_MARIADB));
            return "row locks: information_schema.INNODB_LOCK_WAITS";
        } catch (SQLException e) {
            // Needs PROCESS (and on MySQL, SELECT on performance_schema): the waiters still show, unexplained.
            return "row locks: the lock waits could not be read (" + KillErrors.reason(e) + ")";
        }
    }

    private static List<LockWait> readRowWaits(Statement sql, String query) throws SQLException {
        List<LockWait> waits = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            Set<List<Long>> seen = new HashSet<>();
            while (rs.next()) {
                long waiter = rs.getLong(1);
                long blocker = rs.getLong(2);
                if (seen.add(List.of(waiter, blocker))) {
                    long waited = rs.getLong(3);
                    Long seconds = rs.wasNull() ? null : waited;
                    waits.add(new LockWait(waiter, blocker, LockWait.Kind.ROW, rowObject(rs.getString(4),
                            rs.getString(5)), rs.getString(6), seconds));
                }
            }
        }
        return waits;
    }

    /** "app.accounts (PRIMARY)" from MariaDB's "`app`.`accounts`" or MySQL's "app.accounts". */
    private static String rowObject(String table, String index) {
        if (table == null) {
            return "";
        }
        String plain = table.replace("`", "");
        return index == null ? plain : plain + " (" + index + ")";
    }

    private static String metadataWaits(Statement sql, boolean mariaDb, Set<Long> waiters,
                                        Map<Long, Long> statementSeconds, List<LockWait> waits) {
        String why;
        try (ResultSet rs = sql.executeQuery(MDL_PERFORMANCE_SCHEMA)) {
            List<MetadataLocks.Held> locks = new ArrayList<>();
            boolean anyPending = false;
            while (rs.next()) {
                boolean granted = "GRANTED".equals(rs.getString(6));
                anyPending |= !granted;
                locks.add(new MetadataLocks.Held(rs.getLong(1), text(rs.getString(2)), text(rs.getString(3)),
                        text(rs.getString(4)), text(rs.getString(5)), granted));
            }
            if (anyPending) {
                waits.addAll(MetadataLocks.waits(locks, statementSeconds));
                return "metadata locks: performance_schema.metadata_locks";
            }
            why = "performance_schema.metadata_locks shows no pending lock (performance_schema is off, or the"
                    + " wait/lock/metadata/sql/mdl instrument is)";
        } catch (SQLException e) {
            why = "performance_schema.metadata_locks could not be read (" + KillErrors.reason(e) + ")";
        }
        if (!mariaDb) {
            return "metadata locks: " + why + "; holders are not named";
        }
        try (ResultSet rs = sql.executeQuery(MDL_PLUGIN)) {
            List<MetadataLocks.Held> granted = new ArrayList<>();
            while (rs.next()) {
                String type = text(rs.getString(2)).replaceFirst(" (metadata )?lock$", "").toUpperCase(Locale.ROOT);
                String mode = text(rs.getString(5)).replaceFirst("^MDL_", "");
                granted.add(new MetadataLocks.Held(rs.getLong(1), type, text(rs.getString(3)),
                        text(rs.getString(4)), mode, true));
            }
            waits.addAll(MetadataLocks.upgradeWaits(granted, waiters, statementSeconds));
            return "metadata locks: information_schema.METADATA_LOCK_INFO (granted locks only: the holders an ALTER"
                    + " waits for are named, the sessions queued behind it are not)";
        } catch (SQLException e) {
            String plugin = e.getErrorCode() == UNKNOWN_TABLE ? "the metadata_lock_info plugin is not loaded"
                    : "information_schema.METADATA_LOCK_INFO could not be read (" + KillErrors.reason(e) + ")";
            return "metadata locks: " + why + ", and " + plugin + "; holders are not named";
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
