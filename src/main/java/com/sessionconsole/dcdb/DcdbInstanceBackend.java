package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.LockGraph;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.fleet.inventory.InstanceConfig;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DCDB instance through the dcdb API: shards from DescribeDCDBShards, sessions from DescribeProcessList on
 * each shard's master node (or the inventory's nodeId), kills through KillSession and DescribeFlow.
 */
public final class DcdbInstanceBackend implements InstanceBackend {
    /** DescribeProcessList takes at most 50 values per filter. */
    private static final int IDS_PER_FILTER = 50;

    private final InstanceConfig config;
    private final DcdbTimeouts timeouts;
    private final DcdbClient client;
    private final MasterNodes masters;

    public DcdbInstanceBackend(InstanceConfig config, DcdbTimeouts timeouts) {
        this.config = config;
        this.timeouts = timeouts;
        this.client = new DcdbClient(config.dcdb(), timeouts);
        this.masters = new MasterNodes(client, config.id());
    }

    @Override
    public List<Instance> describe() throws BackendException {
        ObjectNode query = DcdbClient.body();
        query.putArray("InstanceIds").add(config.id());
        JsonNode info = null;
        for (JsonNode item : client.all("DescribeDCDBInstances", query, "Instances")) {
            if (config.id().equals(item.path("InstanceId").asText())) {
                info = item;
            }
        }
        if (info == null) {
            throw new BackendException("instance " + config.id() + ": not found at " + client.endpointUrl()
                    + " (DescribeDCDBInstances in region " + config.region() + ")", "InvalidParameter.InstanceNotFound",
                    null, null);
        }
        ObjectNode shardQuery = DcdbClient.body();
        shardQuery.put("InstanceId", config.id());
        List<Shard> shards = new ArrayList<>();
        for (JsonNode shard : client.all("DescribeDCDBShards", shardQuery, "Shards")) {
            shards.add(new Shard(config.id(), shard.path("ShardInstanceId").asText(), shard.path("ShardSerialId").asText(),
                    client.endpointUrl(), statusText(shard)));
        }
        String apiName = info.path("InstanceName").asText("");
        String name = config.name().equals(config.id()) && !apiName.isEmpty() ? apiName : config.name();
        return List.of(new Instance(config.id(), name, config.kind(), statusText(info), config.region(), shards));
    }

    private static String statusText(JsonNode item) {
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

    @Override
    public List<Session> sessions(Shard shard) throws BackendException {
        Map<Long, Session> byId = new LinkedHashMap<>();
        for (JsonNode row : client.all("DescribeProcessList", processQuery(shard), "ProcessList")) {
            Session session = ProcessRows.session(shard, row);
            byId.putIfAbsent(session.id(), session); // pages are separate reads: a session may show twice
        }
        return new ArrayList<>(byId.values());
    }

    /** Every page of DescribeProcessList: the contract has no cheaper complete read. */
    @Override
    public Map<Long, Session> processList(Shard shard, TimeBudget budget) throws BackendException {
        Map<Long, Session> byId = new LinkedHashMap<>();
        for (Session session : sessions(shard)) {
            byId.put(session.id(), session);
        }
        return byId;
    }

    @Override
    public Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds, TimeBudget budget)
            throws BackendException {
        Map<Long, Session> found = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>(sessionIds);
        for (int from = 0; from < ids.size(); from += IDS_PER_FILTER) {
            ObjectNode query = processQuery(shard);
            ObjectNode filter = query.putArray("Filters").addObject();
            filter.put("Name", "id");
            ArrayNode values = filter.putArray("Values");
            ids.subList(from, Math.min(ids.size(), from + IDS_PER_FILTER)).forEach(id -> values.add(Long.toString(id)));
            for (JsonNode row : client.all("DescribeProcessList", query, "ProcessList")) {
                Session session = ProcessRows.session(shard, row);
                if (sessionIds.contains(session.id())) {
                    found.put(session.id(), session);
                }
            }
        }
        return found;
    }

    private ObjectNode processQuery(Shard shard) throws BackendException {
        ObjectNode query = DcdbClient.body();
        query.put("InstanceId", config.id());
        query.put("ShardId", shard.shardId());
        String node = config.dcdb().nodeId() != null ? config.dcdb().nodeId() : masters.of(shard.shardId());
        if (node != null) {
            query.put("NodeId", node);
        }
        return query;
    }

    /**
     * KillSession, then DescribeFlow until the remote task ends or the flow timeout passes, whatever the
     * request's budget: the remote task runs on its own once accepted, so its outcome is worth waiting for.
     */
    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget)
            throws BackendException {
        Map<Long, SessionOutcome> outcomes = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>();
        for (KillOrder order : orders) {
            if (order.mode() == KillMode.QUERY) {
                outcomes.put(order.sessionId(), new SessionOutcome(order.sessionId(), Outcome.FAILED, "not sent: the"
                        + " dcdb API kills connections only (KillSession has no KILL QUERY)"));
            } else {
                ids.add(order.sessionId());
            }
        }
        if (!ids.isEmpty()) {
            for (SessionOutcome outcome : killConnections(shard, ids, budget)) {
                outcomes.put(outcome.sessionId(), outcome);
            }
        }
        List<SessionOutcome> ordered = new ArrayList<>();
        for (KillOrder order : orders) {
            ordered.add(outcomes.get(order.sessionId()));
        }
        return ordered;
    }

    private List<SessionOutcome> killConnections(Shard shard, List<Long> ids, TimeBudget budget)
            throws BackendException {
        ObjectNode request = DcdbClient.body();
        request.put("InstanceId", config.id());
        request.put("ShardId", shard.shardId());
        ArrayNode sessionIds = request.putArray("SessionId");
        ids.forEach(sessionIds::add);
        if (config.dcdb().nodeId() != null) {
            request.put("NodeId", config.dcdb().nodeId());
        }
        long taskId;
        try {
            taskId = client.call("KillSession", request).path("TaskId").asLong(-1);
        } catch (BackendException e) {
            if (e.remoteCode() != null && e.remoteCode().startsWith("UnauthorizedOperation")) {
                return FlowOutcomes.all(ids, Outcome.DENIED, "refused by the API: " + e.getMessage());
            }
            if (e.remoteCode() == null && !neverSent(e)) {
                return FlowOutcomes.all(ids, Outcome.FAILED, "KillSession got no answer, so the API may have acted;"
                        + " list the shard again: " + e.getMessage());
            }
            throw e; // refused with a code, or never reached: nothing was killed
        }
        if (taskId <= 0) {
            return FlowOutcomes.all(ids, Outcome.FAILED, "KillSession answered without a TaskId");
        }
        return FlowWatch.await(client, timeouts, taskId, ids, () -> lookup(shard, ids, budget).keySet());
    }

    private static boolean neverSent(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The dcdb API has no action that shows lock waits: the chains of a dcdb shard say so instead. */
    @Override
    public LockGraph lockGraph(Shard shard, TimeBudget budget) {
        return LockGraph.unavailable("lock chains are not available through the dcdb API");
    }

    /** Nor one that explains a running statement. */
    @Override
    public ExplainPlan explain(Shard shard, long sessionId, TimeBudget budget) {
        return ExplainPlan.unavailable("the plan of a running statement is not available through the dcdb API");
    }

    /** KillSession ends connections only: the contract has no KILL QUERY. */
    @Override
    public boolean killsQueries() {
        return false;
    }

    @Override
    public void close() {
        // The SDK's client holds no connection between calls that needs closing here.
    }
}
