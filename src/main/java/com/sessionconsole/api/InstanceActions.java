package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Ids;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DescribeDCDBInstances, DescribeDCDBShards and DescribeDCDBInstanceNodeInfo over the service's view of the
 * fleet. Every shard here has one node, its master, named {@code <ShardId>-master}: lists and kills run there.
 */
final class InstanceActions {
    static final int RUNNING = 2;
    /** Not a DCDB status: the instance could not be described right now (StatusDesc says why). */
    static final int UNREACHABLE = -2;
    private static final Set<String> INSTANCES_PARAMS = Set.of("InstanceIds", "SearchName", "SearchKey", "ProjectIds",
            "OrderBy", "OrderByType", "Offset", "Limit", "Status", "ExcludeStatus", "Tags", "TagKeys");
    private static final Set<String> SHARDS_PARAMS = Set.of("InstanceId", "ShardInstanceIds", "Offset", "Limit",
            "OrderBy", "OrderByType");
    private static final Set<String> NODES_PARAMS = Set.of("InstanceId", "Offset", "Limit");

    private final KillSessionService service;

    InstanceActions(KillSessionService service) {
        this.service = service;
    }

    private record Entry(String id, String name, String region, int status, String statusDesc, List<Shard> shards,
                         Map<String, String> tags) {
    }

    void instances(ActionRequest request, ObjectNode response) throws ApiError {
        ActionParameters params = request.params();
        params.allowOnly(INSTANCES_PARAMS);
        Set<String> ids = new HashSet<>(params.stringList("InstanceIds"));
        String searchName = params.has("SearchName") ? params.string("SearchName") : "all";
        if (!Set.of("instancename", "vip", "all").contains(searchName)) {
            throw ActionParameters.invalid("SearchName", "'" + FormEncoding.printable(searchName) + "' (expected instancename, vip or all)");
        }
        String searchKey = params.string("SearchKey");
        List<Long> projects = params.longList("ProjectIds");
        List<Long> status = params.longList("Status");
        List<Long> excluded = params.longList("ExcludeStatus");
        String orderBy = params.has("OrderBy") ? params.string("OrderBy") : "";
        if (!Set.of("", "projectId", "createtime", "instancename").contains(orderBy)) {
            throw ActionParameters.invalid("OrderBy", "'" + FormEncoding.printable(orderBy) + "' (expected projectId, createtime or instancename)");
        }
        boolean descending = descending(params);
        int offset = params.intValue("Offset", 0, 0, Integer.MAX_VALUE);
        int limit = params.intValue("Limit", 10, 1, 100);
        Map<String, String> tags = tags(params);
        List<String> tagKeys = params.stringList("TagKeys");

        FleetSnapshot snapshot = service.instances(request.caller());
        List<Entry> entries = new ArrayList<>();
        for (Instance instance : snapshot.instances()) {
            entries.add(new Entry(instance.id(), instance.name(), instance.region(), RUNNING, instance.status(),
                    instance.shards(), tagsOf(instance.id())));
        }
        for (Map.Entry<String, String> error : snapshot.instanceErrors().entrySet()) {
            // The reason is an error text like any other: local paths in it are masked.
            String why = "unreachable: " + SafeMessage.of(error.getValue());
            // An account whose discovery failed is not an instance: its instances are simply not listed.
            service.inventory().instance(error.getKey()).filter(config -> config.kind() != InstanceKind.DCDB_ACCOUNT)
                    .ifPresent(config -> entries.add(new Entry(config.id(), config.name(), config.region(),
                            UNREACHABLE, why, List.of(), config.tags())));
        }
        entries.removeIf(e -> !ids.isEmpty() && !ids.contains(e.id())
                || !projects.isEmpty() && !projects.contains(0L)
                || !status.isEmpty() && !status.contains((long) e.status())
                || excluded.contains((long) e.status())
                || searchKey != null && !searchKey.isEmpty() && !matches(e, searchName, searchKey)
                || !tags.entrySet().stream().allMatch(t -> t.getValue().equals(e.tags().get(t.getKey())))
                || !e.tags().keySet().containsAll(tagKeys));
        if (orderBy.equals("instancename")) {
            entries.sort(Comparator.comparing(Entry::name));
        }
        if (descending) {
            java.util.Collections.reverse(entries);
        }
        response.put("TotalCount", entries.size());
        ArrayNode list = response.putArray("Instances");
        for (Entry entry : page(entries, offset, limit)) {
            ObjectNode item = list.addObject();
            item.put("InstanceId", entry.id());
            item.put("InstanceName", entry.name());
            item.put("Region", entry.region());
            item.put("Zone", "");
            item.put("ProjectId", 0);
            item.put("Status", entry.status());
            item.put("StatusDesc", entry.statusDesc());
            item.put("ShardCount", entry.shards().size());
            item.put("NodeCount", entry.shards().size());
            ArrayNode resourceTags = item.putArray("ResourceTags");
            entry.tags().forEach((key, value) -> resourceTags.addObject().put("TagKey", key).put("TagValue", value));
            ArrayNode detail = item.putArray("ShardDetail");
            for (Shard shard : entry.shards()) {
                ObjectNode s = detail.addObject();
                s.put("ShardInstanceId", shard.shardId());
                s.put("ShardSerialId", shard.shardSerialId());
                s.put("Status", RUNNING);
                s.put("NodeCount", 1);
            }
        }
    }

    /** The instance's tags, as its inventory entry gives them (an instance an account discovered has none here). */
    private Map<String, String> tagsOf(String instanceId) {
        return service.inventory().instance(instanceId).map(InstanceConfig::tags).orElse(Map.of());
    }

    /** {@code Tags}: a list of {TagKey, TagValue}; an instance passes when it carries every one of them. */
    private static Map<String, String> tags(ActionParameters params) throws ApiError {
        JsonNode list = params.array("Tags");
        Map<String, String> tags = new LinkedHashMap<>();
        if (list == null) {
            return tags;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode tag = list.get(i);
            String at = "Tags." + i;
            if (!tag.isObject()) {
                throw ActionParameters.invalid(at, "must be {TagKey, TagValue}");
            }
            for (java.util.Iterator<String> it = tag.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("TagKey") && !field.equals("TagValue")) {
                    throw new ApiError(ApiError.UNKNOWN_PARAMETER, at + "." + FormEncoding.printable(field)
                            + ": a tag has only TagKey and TagValue");
                }
            }
            JsonNode key = tag.get("TagKey");
            JsonNode value = tag.get("TagValue");
            if (key == null || !key.isTextual() || key.asText().isEmpty()) {
                throw new ApiError(ApiError.MISSING_PARAMETER, at + ".TagKey is required");
            }
            if (value != null && !value.isTextual()) {
                throw ActionParameters.invalid(at + ".TagValue", "must be a string");
            }
            tags.put(key.asText(), value == null ? "" : value.asText());
        }
        return tags;
    }

    private static boolean matches(Entry entry, String searchName, String key) {
        String needle = key.toLowerCase(Locale.ROOT);
        boolean byName = entry.name().toLowerCase(Locale.ROOT).contains(needle);
        boolean byId = entry.id().toLowerCase(Locale.ROOT).contains(needle);
        switch (searchName) {
            case "instancename": return byName;
            case "vip": return false; // shards here are reached by their own addresses; there is no VIP
            default: return byName || byId;
        }
    }

    void shards(ActionRequest request, ObjectNode response) throws ApiError, KillSessionException {
        ActionParameters params = request.params();
        params.allowOnly(SHARDS_PARAMS);
        String instanceId = params.requiredString("InstanceId");
        Set<String> wanted = new HashSet<>(params.stringList("ShardInstanceIds"));
        String orderBy = params.has("OrderBy") ? params.string("OrderBy") : "createtime";
        if (!orderBy.equals("createtime")) {
            throw ActionParameters.invalid("OrderBy", "'" + FormEncoding.printable(orderBy) + "' (expected createtime)");
        }
        boolean descending = descending(params);
        int offset = params.intValue("Offset", 0, 0, Integer.MAX_VALUE);
        int limit = params.intValue("Limit", 20, 1, 100);
        Instance instance = instanceOf(instanceId, request.caller());
        List<Shard> shards = new ArrayList<>(instance.shards());
        shards.removeIf(s -> !wanted.isEmpty() && !wanted.contains(s.shardId()));
        if (descending) {
            java.util.Collections.reverse(shards);
        }
        String region = instance.region();
        response.put("TotalCount", shards.size());
        ArrayNode list = response.putArray("Shards");
        for (Shard shard : page(shards, offset, limit)) {
            ObjectNode item = list.addObject();
            item.put("InstanceId", instanceId);
            item.put("ShardInstanceId", shard.shardId());
            item.put("ShardSerialId", shard.shardSerialId());
            item.put("Status", RUNNING);
            item.put("StatusDesc", shard.status());
            item.put("Region", region);
            item.put("Zone", "");
            item.put("NodeCount", 1);
        }
        response.put("DcnFlag", 0);
    }

    void nodes(ActionRequest request, ObjectNode response) throws ApiError, KillSessionException {
        ActionParameters params = request.params();
        params.allowOnly(NODES_PARAMS);
        String instanceId = params.requiredString("InstanceId");
        int offset = params.intValue("Offset", 0, 0, Integer.MAX_VALUE);
        int limit = params.intValue("Limit", 10, 1, 100);
        List<Shard> shards = shardsOf(instanceId, request.caller());
        response.put("TotalCount", shards.size());
        ArrayNode list = response.putArray("NodesInfo");
        for (Shard shard : page(shards, offset, limit)) {
            ObjectNode item = list.addObject();
            item.put("NodeId", shard.masterNodeId());
            item.put("Role", "master");
            item.put("ShardId", shard.shardId());
            item.put("Zone", "");
        }
    }

    /** The shards of one instance, or the error that kept them from being described. */
    List<Shard> shardsOf(String instanceId, Caller caller) throws ApiError, KillSessionException {
        return instanceOf(instanceId, caller).shards();
    }

    /** One instance as the service describes it now, or the error that kept it from being described. */
    private Instance instanceOf(String instanceId, Caller caller) throws ApiError, KillSessionException {
        if (!Ids.isInstanceId(instanceId)) {
            throw ActionParameters.invalid("InstanceId", "'" + FormEncoding.printable(instanceId) + "' is not an instance id");
        }
        FleetSnapshot snapshot = service.instance(instanceId, caller);
        String error = snapshot.instanceErrors().get(instanceId);
        if (error != null) {
            throw new KillSessionException(ErrorCode.BACKEND_FAILED, error);
        }
        return snapshot.instances().stream().filter(i -> i.id().equals(instanceId)).findFirst()
                .orElseThrow(() -> new KillSessionException(ErrorCode.INSTANCE_NOT_FOUND,
                        "InstanceId: no instance " + instanceId));
    }

    /** NodeId is optional; when given it must be the shard's master, the only node this server works on. */
    static void requireMasterNode(Shard shard, String nodeId) throws ApiError {
        if (!shard.masterNodeId().equals(nodeId)) {
            throw ActionParameters.invalid("NodeId", "'" + FormEncoding.printable(nodeId) + "' is not a node of shard "
                    + shard.shardId() + "; this server works on the master only (" + shard.masterNodeId() + ")");
        }
    }

    private static boolean descending(ActionParameters params) throws ApiError {
        String type = params.has("OrderByType") ? params.string("OrderByType") : "asc";
        if (!type.equals("asc") && !type.equals("desc")) {
            throw ActionParameters.invalid("OrderByType", "'" + FormEncoding.printable(type) + "' (expected asc or desc)");
        }
        return type.equals("desc");
    }

    static <T> List<T> page(List<T> all, int offset, int limit) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, (int) Math.min(all.size(), (long) offset + limit));
    }
}
