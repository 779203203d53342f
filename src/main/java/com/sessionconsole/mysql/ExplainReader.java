package com.sessionconsole.mysql;

import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.backend.TimeBudget;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan a running statement really uses: {@code SHOW EXPLAIN FOR id} on MariaDB, {@code EXPLAIN FOR
 * CONNECTION id} on MySQL. The id is a validated {@code long}: nothing else reaches the SQL. A statement that
 * ended meanwhile is an answer, not an error.
 */
final class ExplainReader {
    /** ER_NO_SUCH_THREAD: the session has ended. */
    private static final int UNKNOWN_THREAD = 1094;
    /** MariaDB ER_TARGET_NOT_EXPLAINABLE: the session runs nothing with a plan (idle, or its statement ended). */
    private static final int NOT_EXPLAINABLE = 1933;
    /** MySQL ER_EXPLAIN_NOT_SUPPORTED: the session runs a statement EXPLAIN cannot show (not SELECT, DML). */
    private static final int EXPLAIN_NOT_SUPPORTED = 3012;

    ExplainPlan explain(ShardPool pool, long sessionId, TimeBudget budget) throws SQLException {
        if (sessionId <= 0) {
            throw new IllegalArgumentException("session id must be positive: " + sessionId);
        }
        try (Connection connection = pool.connection(budget); Statement sql = connection.createStatement()) {
            String text = pool.mariaDb() ? "SHOW EXPLAIN FOR " + sessionId : "EXPLAIN FOR CONNECTION " + sessionId;
            try (ResultSet rs = sql.executeQuery(text)) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                // MySQL answers an idle session with an empty result.
                return rows.isEmpty() ? ExplainPlan.none("session " + sessionId + " is not running a statement")
                        : ExplainPlan.of(columns, rows);
            }
        } catch (SQLException e) {
            switch (e.getErrorCode()) {
                case UNKNOWN_THREAD:
                    return ExplainPlan.none("session " + sessionId + " has ended");
                case NOT_EXPLAINABLE:
                case EXPLAIN_NOT_SUPPORTED:
                    return ExplainPlan.none("session " + sessionId + " is not running a statement with a plan now:"
                            + " its statement ended, or it is idle or runs one that has no plan (the server says: "
                            + KillErrors.reason(e) + ")");
                default:
                    throw e;
            }
        }
    }
}
