package com.sessionconsole.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The plan of the statement a session runs, as the server shows it ({@code SHOW EXPLAIN FOR} on MariaDB,
 * {@code EXPLAIN FOR CONNECTION} on MySQL): its columns and rows as text. When there is no plan, {@link #reason}
 * says why in the operator's words.
 *
 * @param answer  a plan, no plan (the statement ended or has none), or no way to ask this backend
 * @param columns the server's column names (id, select_type, table, type, ...); empty without a plan
 * @param rows    one list of cell texts per row, as long as {@code columns}; a cell may be null (SQL NULL)
 * @param reason  why there is no plan; null with one
 */
public record ExplainPlan(Answer answer, List<String> columns, List<List<String>> rows, String reason) {

    /** What came of asking. */
    public enum Answer { PLAN, NO_PLAN, UNAVAILABLE }

    public ExplainPlan {
        columns = List.copyOf(columns);
        rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row)))
                .toList();
    }

    public static ExplainPlan of(List<String> columns, List<List<String>> rows) {
        return new ExplainPlan(Answer.PLAN, columns, rows, null);
    }

    /** The session runs no statement with a plan now (it ended, is idle, or runs something without one). */
    public static ExplainPlan none(String reason) {
        return new ExplainPlan(Answer.NO_PLAN, List.of(), List.of(), reason);
    }

    /** The backend has no way to ask for a plan. */
    public static ExplainPlan unavailable(String reason) {
        return new ExplainPlan(Answer.UNAVAILABLE, List.of(), List.of(), reason);
    }

    public boolean hasPlan() {
        return answer == Answer.PLAN;
    }
}
