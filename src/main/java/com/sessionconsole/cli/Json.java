package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.SessionOutcome;

/** The JSON shapes of the command line's {@code --format json}. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
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
