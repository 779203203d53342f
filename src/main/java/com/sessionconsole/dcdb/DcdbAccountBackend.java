package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.ApiCalls;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.fleet.inventory.DcdbAccount;
import com.sessionconsole.fleet.inventory.DiscoveryFilter;
import com.sessionconsole.fleet.inventory.InstanceConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A Tencent Cloud account of the inventory (kind {@code dcdb-account}): every DCDB instance it finds in its
 * regions that passes the entry's filter, with its shards. Discovery calls DescribeDCDBInstances, every page, in
 * each region (the filter goes to the API: InstanceIds, SearchName/SearchKey, Tags), then DescribeDCDBShards for an
 * instance whose answer does not list all its shards. It runs again every {@code rediscoverSeconds}: instances
 * created or removed meanwhile appear or leave then. Each instance's sessions and kills go through its own
 * {@link CloudInstance}, kept from one discovery to the next.
 */
public final class DcdbAccountBackend implements InstanceBackend {
    private final InstanceConfig config;
    private final DcdbAccount account;
    private final DcdbTimeouts timeouts;
    private final Map<String, DcdbClient> clients = new LinkedHashMap<>();
    private final Map<String, CloudInstance> instances = new ConcurrentHashMap<>();
    private final Discovered discovered;

    DcdbAccountBackend(InstanceConfig config, DcdbTimeouts timeouts, Pacer pacer) {
        this.config = config;
        this.account = config.account();
        this.timeouts = timeouts;
        for (String region : account.regions()) {
            clients.put(region, new DcdbClient(config.dcdb().inRegion(region), timeouts, pacer));
        }
        this.discovered = new Discovered(account.rediscover(), this::discover);
    }

    @Override
    public boolean discovers() {
        return true;
    }

    @Override
    public List<Instance> describe() throws BackendException {
        return discovered.get(clients.values().iterator().next().patience());
    }

    private List<Instance> discover() throws BackendException {
        Map<String, Instance> found = new LinkedHashMap<>();
        Map<String, DcdbClient> owners = new LinkedHashMap<>();
        for (Map.Entry<String, DcdbClient> entry : clients.entrySet()) {
            String region = entry.getKey();
            DcdbClient client = entry.getValue();
            for (JsonNode item : client.all("DescribeDCDBInstances", query(), "Instances")) {
                String id = item.path("InstanceId").asText("");
                String itsRegion = item.path("Region").asText("");
                // An endpoint that ignores the region header (another Session Console) answers every region alike.
                if (id.isEmpty() || found.containsKey(id) || !itsRegion.isEmpty() && !itsRegion.equals(region)
                        || !passes(item)) {
                    continue;
                }
                String name = item.path("InstanceName").asText("");
                found.put(id, new Instance(id, name.isEmpty() ? id : name, InstanceKind.DCDB,
                        InstanceRows.statusText(item), region, InstanceRows.shards(client, id, item)));
                owners.put(id, client);
            }
        }
        instances.keySet().retainAll(found.keySet());
        owners.forEach((id, client) -> instances.compute(id, (key, known) -> known != null && known.client() == client
                ? known : new CloudInstance(id, client, timeouts, null)));
        return new ArrayList<>(found.values());
    }

    /** DescribeDCDBInstances with the entry's filter, which the API applies. */
    private ObjectNode query() {
        DiscoveryFilter filter = account.filter();
        ObjectNode query = DcdbClient.body();
        if (!filter.instanceIds().isEmpty()) {
            ArrayNode ids = query.putArray("InstanceIds");
            filter.instanceIds().forEach(ids::add);
        }
        if (filter.name() != null) {
            query.put("SearchName", "instancename");
            query.put("SearchKey", filter.name());
        }
        if (!filter.tags().isEmpty()) {
            ArrayNode tags = query.putArray("Tags");
            filter.tags().forEach((key, value) -> tags.addObject().put("TagKey", key).put("TagValue", value));
        }
        return query;
    }

    /**
     * The filter checked again on the answer, as far as the answer tells: an instance the API should not have
     * answered is left out rather than managed by mistake.
     */
    private boolean passes(JsonNode item) {
        DiscoveryFilter filter = account.filter();
        String id = item.path("InstanceId").asText();
        if (!filter.instanceIds().isEmpty() && !filter.instanceIds().contains(id)) {
            return false;
        }
        if (filter.name() != null && !item.path("InstanceName").asText("").toLowerCase(Locale.ROOT)
                .contains(filter.name().toLowerCase(Locale.ROOT))) {
            return false;
        }
        JsonNode tags = item.get("ResourceTags");
        if (filter.tags().isEmpty() || tags == null || !tags.isArray()) {
            return true;
        }
        Map<String, String> carried = new LinkedHashMap<>();
        tags.forEach(tag -> carried.put(tag.path("TagKey").asText(), tag.path("TagValue").asText()));
        return filter.tags().entrySet().stream().allMatch(t -> t.getValue().equals(carried.get(t.getKey())));
    }

    /** The instance a shard belongs to, as the last discovery found it. */
    private CloudInstance of(Shard shard) throws BackendException {
        CloudInstance instance = instances.get(shard.instanceId());
        if (instance == null) {
            throw new BackendException("instance " + shard.instanceId() + ": account " + config.id() + " no longer finds"
                    + " it (discovery in " + String.join(", ", account.regions()) + ")",
                    "InvalidParameter.InstanceNotFound", null, null);
        }
        return instance;
    }

    @Override
    public List<Session> sessions(Shard shard) throws BackendException {
        return of(shard).sessions(shard);
    }

    @Override
    public CompletableFuture<List<Session>> sessions(Shard shard, Executor io, Runnable started) {
        try {
            return of(shard).sessions(shard, io, started);
        } catch (BackendException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Map<Long, Session> processList(Shard shard, TimeBudget budget) throws BackendException {
        return of(shard).processList(shard, budget);
    }

    @Override
    public Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds, TimeBudget budget)
            throws BackendException {
        return of(shard).lookup(shard, sessionIds, budget);
    }

    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget) throws BackendException {
        return of(shard).kill(shard, orders, budget);
    }

    @Override
    public List<ApiCalls> listingCalls(Shard shard) {
        CloudInstance instance = instances.get(shard.instanceId());
        return instance == null ? List.of() : Costs.listing(instance.client(), instance, shard);
    }

    @Override
    public List<ApiCalls> killCalls(Shard shard) {
        CloudInstance instance = instances.get(shard.instanceId());
        return instance == null ? List.of() : Costs.kill(instance.client(), instance, shard);
    }

    @Override
    public boolean killsQueries() {
        return false;
    }

    @Override
    public void close() {
        clients.values().forEach(DcdbClient::close);
    }
}
