package com.sessionconsole.killsession;

import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.LockGraph;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a session waits, and what it runs: the lock chains of every shard in scope (read like a listing, on the
 * bounded pool with each shard's timeout) and the plan of one running statement (on the caller's thread, within
 * one shard timeout).
 */
final class LockChainReader {
    private final FleetReader reader;
    private final RequestCheck check;
    private final ServiceOptions options;

    LockChainReader(FleetReader reader, RequestCheck check, ServiceOptions options) {
        this.reader = reader;
        this.check = check;
        this.options = options;
    }

    FleetLockChains chains(Scope scope, Caller caller) throws KillSessionException {
        ShardReads.EachShard<LockGraph> read = reader.eachShard("locks", scope, caller,
                (backend, shard) -> guarded(backend.lockGraph(shard, TimeBudget.of(options.shardTimeout()))));
        List<ShardLockChains> shards = new ArrayList<>();
        for (ShardReads.ShardAnswer<LockGraph> answer : read.answers()) {
            LockGraph graph = answer.value();
            shards.add(answer.ok() ? new ShardLockChains(answer.shard(), LockChains.of(graph), graph.sources(),
                    graph.unavailable(), null, answer.took())
                    : new ShardLockChains(answer.shard(), List.of(), List.of(), null, answer.error(), answer.took()));
        }
        return new FleetLockChains(read.readAt(), read.took(), read.instanceErrors(), shards);
    }

    /** The sessions with their protection, so that a protected root shows as one before anyone tries to kill it. */
    private static LockGraph guarded(LockGraph graph) {
        List<Session> sessions = new ArrayList<>(graph.sessions().size());
        graph.sessions().forEach(s -> sessions.add(Guards.apply(s)));
        return new LockGraph(sessions, graph.waits(), graph.sources(), graph.unavailable());
    }

    ExplainPlan explain(String instanceId, String shardId, long sessionId, Caller caller)
            throws KillSessionException {
        if (sessionId <= 0) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "SessionId: " + sessionId + " is not a session id (a positive integer)");
        }
        if (shardId == null || shardId.isBlank()) {
            throw new KillSessionException(ErrorCode.MISSING_PARAMETER, "ShardId is required");
        }
        Shard shard = check.shard(instanceId, shardId, null, caller);
        InstanceBackend backend = check.instance(instanceId, caller);
        ExplainPlan plan;
        try {
            plan = backend.explain(shard, sessionId, TimeBudget.of(options.shardTimeout()));
        } catch (BackendException e) {
            throw new KillSessionException(ErrorCode.BACKEND_FAILED, e.getMessage());
        }
        if (plan.answer() == ExplainPlan.Answer.UNAVAILABLE) {
            throw new KillSessionException(ErrorCode.UNSUPPORTED_OPERATION,
                    "instance " + instanceId + ": " + plan.reason());
        }
        return plan;
    }
}
