package com.sessionconsole.auditdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A task as a row of {@code sc_task}, in both directions; its session ids and outcomes are JSON text. */
final class TaskRows {
    static final String COLUMNS = "task_id, requested_ms, actor, instance_id, shard_id, shard_serial_id, mode,"
            + " session_ids, process_id, status, finished_ms, detail, outcomes";
    static final String INSERT = "INSERT INTO sc_task (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String FINISH = "UPDATE sc_task SET status = ?, finished_ms = ?, detail = ?, outcomes = ?"
            + " WHERE task_id = ?";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskRows() {
    }

    /** Sets the parameters of {@link #INSERT} for a task (running, or settled at once). */
    static void bindInsert(PreparedStatement insert, KillTask task, String processId) throws SQLException {
        insert.setLong(1, task.taskId());
        insert.setLong(2, task.requestedAt().toEpochMilli());
        insert.setString(3, task.actor());
        insert.setString(4, task.instanceId());
        insert.setString(5, task.shardId());
        insert.setString(6, task.shardSerialId());
        insert.setString(7, task.mode().name());
        insert.setString(8, ids(task.sessionIds()));
        insert.setString(9, processId);
        insert.setInt(10, task.status().flowStatus());
        if (task.finishedAt() == null) {
            insert.setNull(11, Types.BIGINT);
        } else {
            insert.setLong(11, task.finishedAt().toEpochMilli());
        }
        insert.setString(12, task.status() == TaskStatus.RUNNING ? null : task.detail());
        insert.setString(13, task.status() == TaskStatus.RUNNING ? null : outcomes(task.outcomes()));
    }

    /** Sets the parameters of {@link #FINISH} for a finished task. */
    static void bindFinish(PreparedStatement finish, KillTask task) throws SQLException {
        finish.setInt(1, task.status().flowStatus());
        finish.setLong(2, task.finishedAt() == null ? System.currentTimeMillis() : task.finishedAt().toEpochMilli());
        finish.setString(3, task.detail());
        finish.setString(4, outcomes(task.outcomes()));
        finish.setLong(5, task.taskId());
    }

    /** The task of the current row, and the process that owns it (for a running task's liveness). */
    static Row read(ResultSet rs) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (JsonNode id : tree(rs.getString("session_ids"))) {
            ids.add(id.asLong());
        }
        int flow = rs.getInt("status");
        TaskStatus status = flow == 0 ? TaskStatus.SUCCESS : flow == 1 ? TaskStatus.FAILED : TaskStatus.RUNNING;
        long finished = rs.getLong("finished_ms");
        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        List<SessionOutcome> outcomes = new ArrayList<>();
        String outcomesText = rs.getString("outcomes");
        if (outcomesText != null) {
            for (JsonNode item : tree(outcomesText)) {
                outcomes.add(new SessionOutcome(item.path("id").asLong(), outcome(item.path("outcome").asText()),
                        item.path("message").asText("")));
            }
        }
        KillTask task = new KillTask(rs.getLong("task_id"), Instant.ofEpochMilli(rs.getLong("requested_ms")),
                finishedAt, rs.getString("actor"), rs.getString("instance_id"), rs.getString("shard_id"),
                rs.getString("shard_serial_id"), mode(rs.getString("mode")), ids, status, rs.getString("detail"),
                outcomes);
        return new Row(task, rs.getString("process_id"));
    }

    /** A task and the process that wrote it. */
    record Row(KillTask task, String processId) {
    }

    private static String ids(List<Long> ids) {
        ArrayNode array = JSON.createArrayNode();
        ids.forEach(array::add);
        return array.toString();
    }

    private static String outcomes(List<SessionOutcome> outcomes) {
        ArrayNode array = JSON.createArrayNode();
        for (SessionOutcome outcome : outcomes) {
            array.addObject().put("id", outcome.sessionId()).put("outcome", outcome.outcome().name())
                    .put("message", outcome.message());
        }
        return array.toString();
    }

    private static JsonNode tree(String text) throws SQLException {
        try {
            return JSON.readTree(text == null ? "[]" : text);
        } catch (IOException e) {
            throw new SQLException("an unreadable row in sc_task: " + e.getMessage(), e);
        }
    }

    /** A value a newer console may have written reads as FAILED / CONNECTION rather than stopping the read. */
    private static Outcome outcome(String name) {
        try {
            return Outcome.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Outcome.FAILED;
        }
    }

    private static KillMode mode(String name) {
        try {
            return KillMode.valueOf(name);
        } catch (IllegalArgumentException e) {
            return KillMode.CONNECTION;
        }
    }
}
