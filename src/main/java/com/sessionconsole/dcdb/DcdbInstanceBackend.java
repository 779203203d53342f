package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.LockGraph;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.ApiCalls;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.fleet.inventory.InstanceConfig;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A DCDB instance of the inventory (kind {@code dcdb}) through the dcdb API: the instance and its shards from
 * DescribeDCDBInstances and DescribeDCDBShards, found again every minute; sessions and kills through
 * {@link CloudInstance}.
 */
public final class DcdbInstanceBackend implements InstanceBackend {
    /** How long the shards found are kept: shards come and go only when the instance is scaled. */
    static final Duration DESCRIBE_EVERY = Duration.ofMinutes(1);

    private final InstanceConfig config;
    private final DcdbClient client;
    private final CloudInstance instance;
    private final Discovered described;

    DcdbInstanceBackend(InstanceConfig config, DcdbTimeouts timeouts, Pacer pacer) {
        this.config = config;
        this.client = new DcdbClient(config.dcdb(), timeouts, pacer);
        this.instance = new CloudInstance(config.id(), client, timeouts, config.dcdb().nodeId());
        this.described = new Discovered(DESCRIBE_EVERY, this::discover);
    }

    @Override
    public List<Instance> describe() throws BackendException {
        return described.get(client.patience());
    }

    private List<Instance> discover() throws BackendException {
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
        List<Shard> shards = InstanceRows.shards(client, config.id(), info);
        String apiName = info.path("InstanceName").asText("");
        String name = config.name().equals(config.id()) && !apiName.isEmpty() ? apiName : config.name();
        return List.of(new Instance(config.id(), name, config.kind(), InstanceRows.statusText(info), config.region(),
                shards));
    }

    @Override
    public List<Session> sessions(Shard shard) throws BackendException {
        return instance.sessions(shard);
    }

    @Override
    public CompletableFuture<List<Session>> sessions(Shard shard, Executor io, Runnable started) {
        return instance.sessions(shard, io, started);
    }

    /** Every page of DescribeProcessList: the contract has no cheaper complete read. */
    @Override
    public Map<Long, Session> processList(Shard shard, TimeBudget budget) throws BackendException {
        return instance.processList(shard, budget);
    }

    @Override
    public Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds, TimeBudget budget)
            throws BackendException {
        return instance.lookup(shard, sessionIds, budget);
    }

    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget)
            throws BackendException {
        return instance.kill(shard, orders, budget);
    }

    @Override
    public List<ApiCalls> listingCalls(Shard shard) {
        return Costs.listing(client, instance, shard);
    }

    @Override
    public List<ApiCalls> killCalls(Shard shard) {
        return Costs.kill(client, instance, shard);
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
        client.close();
    }
}
