package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;

import java.util.ArrayList;
import java.util.List;

/** DescribeDCDBInstances' and DescribeDCDBShards' items as the console's instances and shards. */
final class InstanceRows {
    private InstanceRows() {
    }

    /**
     * The instance's shards: its {@code ShardDetail} when that lists all {@code ShardCount} of them (no call
     * needed), else every page of DescribeDCDBShards.
     */
    static List<Shard> shards(DcdbClient client, String instanceId, JsonNode info) throws BackendException {
        JsonNode detail = info.path("ShardDetail");
        List<Shard> shards = new ArrayList<>();
        if (detail.isArray() && detail.size() > 0 && detail.size() == info.path("ShardCount").asInt(-1)) {
            for (JsonNode shard : detail) {
                shards.add(new Shard(instanceId, shard.path("ShardInstanceId").asText(),
                        shard.path("ShardSerialId").asText(), client.endpointUrl(), statusText(shard)));
            }
            return shards;
        }
        ObjectNode query = DcdbClient.body();
        query.put("InstanceId", instanceId);
        for (JsonNode shard : client.all("DescribeDCDBShards", query, "Shards")) {
            shards.add(new Shard(instanceId, shard.path("ShardInstanceId").asText(), shard.path("ShardSerialId").asText(),
                    client.endpointUrl(), statusText(shard)));
        }
        return shards;
    }

    static String statusText(JsonNode item) {
        String desc = item.path("StatusDesc").asText("");
        if (!desc.isEmpty()) {
            return desc;
        }
        switch (item.path("Status").asInt(Integer.MIN_VALUE)) {
            case 0: return "creating";
            case 1: return "in flow";
            case 2: return "running";
            case 3: return "uninitialised";
            case -1: return "isolated";
            case 4: return "initialising";
            case 5: return "deleting";
            case 6: return "restarting";
            case 7: return "migrating";
            default: return "unknown";
        }
    }
}
