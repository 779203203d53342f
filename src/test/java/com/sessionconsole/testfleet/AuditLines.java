package com.sessionconsole.testfleet;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;

/** Audit-log text as the file store writes it, for tests that start on a log of their own (a rotated one). */
public final class AuditLines {
    private AuditLines() {
    }

    /** Finished tasks {@code from} to {@code to} on the test fleet's first shard: an intent and an outcome each. */
    public static String finished(int from, int to) {
        StringBuilder log = new StringBuilder();
        for (int id = from; id <= to; id++) {
            log.append("{\"type\":\"intent\",\"taskId\":").append(id)
                    .append(",\"time\":\"2026-11-29T10:00:00Z\",\"actor\":\"cli:test\",\"instanceId\":\"")
                    .append(INSTANCE_A).append("\",\"shardId\":\"").append(SHARD_A1)
                    .append("\",\"mode\":\"CONNECTION\",\"sessionIds\":[").append(id)
                    .append("],\"pid\":1,\"processStart\":\"-\"}\n");
            log.append("{\"type\":\"outcome\",\"taskId\":").append(id)
                    .append(",\"time\":\"2026-11-29T10:00:01Z\",\"status\":0,\"detail\":\"\",\"sessions\":[{\"id\":")
                    .append(id).append(",\"outcome\":\"ALREADY_GONE\"}]}\n");
        }
        return log.toString();
    }
}
