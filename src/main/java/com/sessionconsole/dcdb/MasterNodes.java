package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.backend.BackendException;

import java.util.HashMap;
import java.util.Map;

/**
 * Each shard's master NodeId, from DescribeDCDBInstanceNodeInfo, kept for a minute: DescribeProcessList needs a
 * NodeId, and a master changes only on a switchover. A server without that action (InvalidAction /
 * UnsupportedOperation) gets no NodeId, which a Session Console server accepts as "the master".
 */
final class MasterNodes {
    private static final long TTL_NANOS = 60_000_000_000L;

    private final DcdbClient client;
    private final String instanceId;
    private Map<String, String> masters;
    private long readAt;

    MasterNodes(DcdbClient client, String instanceId) {
        this.client = client;
        this.instanceId = instanceId;
    }

    /** The master's NodeId of the shard, or null when the server does not tell. */
    synchronized String of(String shardId) throws BackendException {
        if (masters == null || System.nanoTime() - readAt > TTL_NANOS || !masters.containsKey(shardId)) {
            masters = read();
            readAt = System.nanoTime();
        }
        return masters.get(shardId);
    }

    private Map<String, String> read() throws BackendException {
        ObjectNode query = DcdbClient.body();
        query.put("InstanceId", instanceId);
        Map<String, String> found = new HashMap<>();
        try {
            for (JsonNode node : client.all("DescribeDCDBInstanceNodeInfo", query, "NodesInfo")) {
                if ("master".equalsIgnoreCase(node.path("Role").asText())) {
                    found.put(node.path("ShardId").asText(), node.path("NodeId").asText());
                }
            }
        } catch (BackendException e) {
            String code = e.remoteCode() == null ? "" : e.remoteCode();
            if (!code.equals("InvalidAction") && !code.startsWith("UnsupportedOperation")) {
                throw e;
            }
        }
        return found;
    }
}
