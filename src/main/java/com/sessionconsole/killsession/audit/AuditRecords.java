package com.sessionconsole.killsession.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log's records as JSON, in both directions: an intent (written before any KILL), an outcome
 * (after), and a refusal. An intent names its process, so that a reader can tell a running task from one
 * whose process died.
 */
final class AuditRecords {
    static final String INTENT = "intent";
    static final String OUTCOME = "outcome";
    static final String REFUSED = "refused";
    static final String REFUSED_REPEATS = "refused-repeats";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditRecords() {
    }

    static byte[] bytes(ObjectNode record) throws IOException {
        return JSON.writeValueAsBytes(record);
    }

    static ObjectNode intent(KillTask task, ProcessIdentity owner) {
        ObjectNode record = JSON.createObjectNode();
        record.put("type", INTENT);
        record.put("taskId", task.taskId());
        record.put("time", task.requestedAt().toString());
        record.put("actor", task.actor());
        record.put("instanceId", task.instanceId());
        record.put("shardId", task.shardId());
        record.put("shardSerialId", task.shardSerialId());
        record.put("mode", task.mode().name());
        ArrayNode ids = record.putArray("sessionIds");
        task.sessionIds().forEach(ids::add);
        record.put("pid", Long.parseLong(owner.pid()));
        record.put("processStart", owner.start());
        return record;
    }

    static ObjectNode outcome(KillTask task) {
        ObjectNode record = JSON.createObjectNode();
        record.put("type", OUTCOME);
        record.put("taskId", task.taskId());
        record.put("time", task.finishedAt().toString());
        record.put("status", task.status().flowStatus());
        record.put("detail", task.detail());
        ArrayNode sessions = record.putArray("sessions");
        for (SessionOutcome outcome : task.outcomes()) {
            ObjectNode item = sessions.addObject();
            item.put("id", outcome.sessionId());
            item.put("outcome", outcome.outcome().name());
            if (!outcome.message().isEmpty()) {
                item.put("message", outcome.message());
            }
        }
        return record;
    }

    static ObjectNode refused(Refusal refusal) {
        ObjectNode record = JSON.createObjectNode();
        record.put("type", REFUSED);
        record.put("time", refusal.at().toString());
        record.put("actor", refusal.actor());
        record.put("instanceId", refusal.instanceId());
        record.put("shardId", refusal.shardId());
        record.put("shardSerialId", refusal.shardSerialId());
        record.put("mode", refusal.mode().name());
        ArrayNode ids = record.putArray("sessionIds");
        refusal.sessionIds().forEach(ids::add);
        if (refusal.sessionIdsGiven() > refusal.sessionIds().size()) {
            record.put("sessionIdsGiven", refusal.sessionIdsGiven());
        }
        record.put("code", refusal.code());
        record.put("message", refusal.message());
        return record;
    }

    /** How often one caller was refused again for the same reason within an interval, after the first. */
    static ObjectNode refusedRepeats(RefusalRepeats repeats) {
        ObjectNode record = JSON.createObjectNode();
        record.put("type", REFUSED_REPEATS);
        record.put("actor", repeats.actor());
        record.put("code", repeats.code());
        record.put("count", repeats.count());
        record.put("from", repeats.from().toString());
        record.put("to", repeats.to().toString());
        return record;
    }

    static ObjectNode of(RefusalRecord record) {
        return record instanceof Refusal ? refused((Refusal) record) : refusedRepeats((RefusalRepeats) record);
    }

    /** The record on one line, or null when it is not JSON. */
    static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    static String type(JsonNode record) {
        return record.path("type").asText();
    }

    /** The record's TaskId, or -1 when it has none that fits a long. */
    static long taskId(JsonNode record) {
        JsonNode id = record.path("taskId");
        return id.isIntegralNumber() && id.canConvertToLong() ? id.asLong() : -1;
    }

    /** The running task an intent record describes; a record this version cannot use throws. */
    static KillTask intentTask(JsonNode record) {
        List<Long> ids = new ArrayList<>();
        record.path("sessionIds").forEach(id -> ids.add(id.asLong()));
        KillMode mode = KillMode.valueOf(record.path("mode").asText("CONNECTION"));
        return new KillTask(taskId(record), Instant.parse(record.path("time").asText()), null,
                record.path("actor").asText(), record.path("instanceId").asText(), text(record, "shardId"),
                text(record, "shardSerialId"), mode, ids, TaskStatus.RUNNING, "", List.of());
    }

    static ProcessIdentity owner(JsonNode intent) {
        return new ProcessIdentity(intent.path("pid").asText(), intent.path("processStart").asText());
    }

    /** The task as its outcome record finishes it. */
    static KillTask outcomeTask(KillTask task, JsonNode record) {
        List<SessionOutcome> outcomes = new ArrayList<>();
        for (JsonNode item : record.path("sessions")) {
            outcomes.add(new SessionOutcome(item.path("id").asLong(), Outcome.valueOf(item.path("outcome").asText()),
                    item.path("message").asText("")));
        }
        TaskStatus status = record.path("status").asInt() == 0 ? TaskStatus.SUCCESS : TaskStatus.FAILED;
        return task.finish(Instant.parse(record.path("time").asText()), status, record.path("detail").asText(""),
                outcomes);
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
