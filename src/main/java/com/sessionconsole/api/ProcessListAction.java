package com.sessionconsole.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.SessionJson;
import com.sessionconsole.killsession.ShardSessions;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * DescribeProcessList: one shard's sessions, filtered, ordered by Id and paged. Every page is a fresh read, so
 * a client paging through a busy shard may see a session twice or miss one that came meanwhile; it should
 * de-duplicate by Id. Fields beyond the contract's Process carry the transaction and guard facts the console
 * shows; clients that do not know them ignore them.
 */
final class ProcessListAction {
    private static final Set<String> PARAMS = Set.of("InstanceId", "NodeId", "ShardId", "ShardSerialId", "Filters",
            "Offset", "Limit");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final KillSessionService service;

    ProcessListAction(KillSessionService service) {
        this.service = service;
    }

    void run(ActionRequest request, ObjectNode response) throws ApiError, KillSessionException {
        ActionParameters params = request.params();
        Caller caller = request.caller();
        params.allowOnly(PARAMS);
        String instanceId = params.requiredString("InstanceId");
        List<ProcessFilter> filters = ProcessFilter.parse(params.array("Filters"));
        int offset = params.intValue("Offset", 0, 0, Integer.MAX_VALUE);
        int limit = params.intValue("Limit", 20, 1, 100);
        Shard shard = service.shard(instanceId, params.string("ShardId"), params.string("ShardSerialId"), caller);
        if (params.has("NodeId")) {
            InstanceActions.requireMasterNode(shard, params.string("NodeId"));
        }
        FleetSnapshot snapshot = service.listSessions(Scope.shard(instanceId, shard.shardId()), caller);
        ShardSessions answer = snapshot.shards().stream().filter(s -> s.shard().shardId().equals(shard.shardId()))
                .findFirst().orElse(null);
        String instanceError = snapshot.instanceErrors().get(instanceId);
        if (answer == null || !answer.ok()) {
            throw new ApiError(ApiError.OPERATE_DATABASE_FAILED, "shard " + shard.shardId() + ": "
                    + (answer == null ? instanceError : answer.error()));
        }
        List<Session> sessions = new ArrayList<>();
        for (Session session : answer.sessions()) {
            if (filters.stream().allMatch(f -> f.matches(session))) {
                sessions.add(session);
            }
        }
        sessions.sort(Comparator.comparingLong(Session::id));
        ArrayNode list = response.putArray("ProcessList");
        for (Session session : InstanceActions.page(sessions, offset, limit)) {
            SessionJson.write(list.addObject(), session, snapshot.readAt(), SessionJson.Style.CONTRACT);
        }
        // Not in the contract's response, which has no count: lets a client stop paging without an empty page.
        response.put("TotalCount", sessions.size());
    }
}
