package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Transaction;

/** The JSON shapes of the command line's {@code --format json}. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static ObjectNode session(Session s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("instanceId", s.shard().instanceId());
        node.put("shardId", s.shard().shardId());
        node.put("shardSerialId", s.shard().shardSerialId());
        node.put("id", s.id());
        node.put("user", s.user());
        node.put("host", s.host());
        node.put("db", s.db());
        node.put("command", s.command());
        node.put("time", s.timeSeconds());
        node.put("state", s.state());
        node.put("statement", s.statement());
        Transaction trx = s.transaction();
        if (trx != null) {
            ObjectNode t = node.putObject("transaction");
            t.put("started", trx.started() == null ? null : trx.started().toString());
            t.put("ageSeconds", trx.ageSeconds());
            t.put("rowsModified", trx.rowsModified());
            t.put("rowsLocked", trx.rowsLocked());
            t.put("state", trx.state());
        }
        if (s.blockedBy() != null) {
            node.put("blockedBy", s.blockedBy());
        }
        node.put("protected", s.isProtected());
        if (s.isProtected()) {
            node.put("protectedReason", s.protectedReason());
        }
        return node;
    }

    static ObjectNode task(KillTask task) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("taskId", task.taskId());
        node.put("status", task.status().name());
        node.put("flowStatus", task.status().flowStatus());
        node.put("requestedAt", task.requestedAt().toString());
        node.put("finishedAt", task.finishedAt() == null ? null : task.finishedAt().toString());
        node.put("actor", task.actor());
        node.put("instanceId", task.instanceId());
        node.put("shardId", task.shardId());
        node.put("shardSerialId", task.shardSerialId());
        node.put("mode", task.mode().name());
        node.put("detail", task.detail());
        var ids = node.putArray("sessionIds");
        task.sessionIds().forEach(ids::add);
        var outcomes = node.putArray("sessions");
        for (SessionOutcome outcome : task.outcomes()) {
            ObjectNode item = outcomes.addObject();
            item.put("id", outcome.sessionId());
            item.put("outcome", outcome.outcome().name());
            item.put("message", outcome.message());
        }
        return node;
    }
}
