package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.dcdb.RateLimits.Priority;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.TimeBudget;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One DCDB instance's sessions and kills through the dcdb API: DescribeProcessList on each shard's master node
 * (or the inventory's nodeId), KillSession and DescribeFlow. A kill's calls go before the refreshes' in the rate
 * limit's queue; a refresh's reads hold no thread while they wait for their turn.
 */
final class CloudInstance {
    /** DescribeProcessList takes at most 50 values per filter. */
    private static final int IDS_PER_FILTER = 50;

    private final String instanceId;
    private final DcdbClient client;
    private final DcdbTimeouts timeouts;
    private final String nodeId;
    private final MasterNodes masters;
    /** Each shard's pages at its last listing: what the next one will cost. */
    private final Map<String, Integer> pages = new ConcurrentHashMap<>();

    /** @param nodeId the node to list and kill on, or null for each shard's master */
    CloudInstance(String instanceId, DcdbClient client, DcdbTimeouts timeouts, String nodeId) {
        this.instanceId = instanceId;
        this.client = client;
        this.timeouts = timeouts;
        this.nodeId = nodeId;
        this.masters = new MasterNodes(client, instanceId);
    }

    DcdbClient client() {
        return client;
    }

    /** DescribeProcessList pages the shard's next listing takes, from its last one: at least 1. */
    int pages(String shardId) {
        return shardId == null ? 1 : pages.getOrDefault(shardId, 1);
    }

    /** The shard's sessions, read on this thread. */
    List<Session> sessions(Shard shard) throws BackendException {
        long deadline = client.patience();
        List<JsonNode> rows = client.all("DescribeProcessList", processQuery(shard, masters.of(shard.shardId(),
                deadline)), "ProcessList", Priority.FIRST, deadline);
        return listed(shard, rows);
    }

    /** The shard's sessions, read on {@code io} once the rate limit gives the turn; {@code started} runs then. */
    CompletableFuture<List<Session>> sessions(Shard shard, Executor io, Runnable started) {
        CompletableFuture<String> node = nodeId != null ? CompletableFuture.completedFuture(nodeId)
                : masters.of(shard.shardId(), io);
        return node.thenCompose(master -> client.allAsync("DescribeProcessList", processQuery(shard, master),
                "ProcessList", io, started)).thenApply(rows -> listed(shard, rows));
    }

    private List<Session> listed(Shard shard, List<JsonNode> rows) {
        Map<Long, Session> byId = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            Session session = ProcessRows.session(shard, row);
            byId.putIfAbsent(session.id(), session); // pages are separate reads: a session may show twice
        }
        pages.put(shard.shardId(), Math.max(1, (rows.size() + DcdbClient.PAGE - 1) / DcdbClient.PAGE));
        return new ArrayList<>(byId.values());
    }

    /** Every page of DescribeProcessList, as a kill's live read: its calls go first. */
    Map<Long, Session> processList(Shard shard, TimeBudget budget) throws BackendException {
        long deadline = budget.endNanos();
        Map<Long, Session> byId = new LinkedHashMap<>();
        for (JsonNode row : client.all("DescribeProcessList", processQuery(shard, master(shard, deadline)),
                "ProcessList", Priority.KILL, deadline)) {
            Session session = ProcessRows.session(shard, row);
            byId.put(session.id(), session);
        }
        return byId;
    }

    Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds, TimeBudget budget) throws BackendException {
        long deadline = budget.endNanos();
        String master = master(shard, deadline);
        Map<Long, Session> found = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>(sessionIds);
        for (int from = 0; from < ids.size(); from += IDS_PER_FILTER) {
            ObjectNode query = processQuery(shard, master);
            ObjectNode filter = query.putArray("Filters").addObject();
            filter.put("Name", "id");
            ArrayNode values = filter.putArray("Values");
            ids.subList(from, Math.min(ids.size(), from + IDS_PER_FILTER)).forEach(id -> values.add(Long.toString(id)));
            for (JsonNode row : client.all("DescribeProcessList", query, "ProcessList", Priority.KILL, deadline)) {
                Session session = ProcessRows.session(shard, row);
                if (sessionIds.contains(session.id())) {
                    found.put(session.id(), session);
                }
            }
        }
        return found;
    }

    private String master(Shard shard, long deadline) throws BackendException {
        return nodeId != null ? nodeId : masters.of(shard.shardId(), deadline);
    }

    private ObjectNode processQuery(Shard shard, String node) {
        ObjectNode query = DcdbClient.body();
        query.put("InstanceId", instanceId);
        query.put("ShardId", shard.shardId());
        if (node != null) {
            query.put("NodeId", node);
        }
        return query;
    }

    /**
     * KillSession, then DescribeFlow until the remote task ends or the flow timeout passes, whatever the
     * request's budget: the remote task runs on its own once accepted, so its outcome is worth waiting for.
     */
    List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget) throws BackendException {
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
        request.put("InstanceId", instanceId);
        request.put("ShardId", shard.shardId());
        ArrayNode sessionIds = request.putArray("SessionId");
        ids.forEach(sessionIds::add);
        if (nodeId != null) {
            request.put("NodeId", nodeId);
        }
        long taskId;
        try {
            taskId = client.call("KillSession", request, Priority.KILL, budget.endNanos()).path("TaskId").asLong(-1);
        } catch (BackendException e) {
            if (e.remoteCode() != null && e.remoteCode().startsWith("UnauthorizedOperation")) {
                return FlowOutcomes.all(ids, Outcome.DENIED, "refused by the API: " + e.getMessage());
            }
            if (e.remoteCode() == null && !neverSent(e)) {
                return FlowOutcomes.all(ids, Outcome.FAILED, "KillSession got no answer, so the API may have acted;"
                        + " list the shard again: " + e.getMessage());
            }
            throw e; // refused with a code (RequestLimitExceeded included), or never sent: nothing was killed
        }
        if (taskId <= 0) {
            return FlowOutcomes.all(ids, Outcome.FAILED, "KillSession answered without a TaskId");
        }
        return FlowWatch.await(client, timeouts, taskId, ids, () -> lookup(shard, ids,
                TimeBudget.of(timeouts.read())).keySet());
    }

    private static boolean neverSent(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof NotSent || cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
