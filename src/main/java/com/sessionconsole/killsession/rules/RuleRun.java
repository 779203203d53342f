package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillResult;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a rule through the KillSession service, the one way every front end does: a live read of the rule's scope
 * (the preview), then the victims as KillSession requests of at most 100 ids, every shard at once through
 * {@link KillSessionService#killAll}, each audited with the rule's name in its actor. The caller's thread waits;
 * the reads and kills run on the service's own bounded pools.
 */
public final class RuleRun {
    /** How long a round keeps sending again what ran out of time; each send has the service's own budgets. */
    static final Duration RETRY_WINDOW = Duration.ofMinutes(2);
    private final KillSessionService service;

    public RuleRun(KillSessionService service) {
        this.service = service;
    }

    /** A live read of the rule's scope and what the rule takes from it; nothing is killed or recorded. */
    public RuleMatch preview(Rule rule, Caller caller) throws KillSessionException {
        for (String instance : rule.scope().instances()) {
            if (service.inventory().instance(instance).isEmpty()) {
                throw new KillSessionException(ErrorCode.INSTANCE_NOT_FOUND, "scope: no instance " + instance);
            }
        }
        FleetSnapshot snapshot = service.listSessions(rule.scope().read(), caller);
        checkShards(rule, snapshot);
        Set<String> noQueryKill = new HashSet<>();
        if (rule.action().mode() == KillMode.QUERY) {
            for (Shard shard : snapshot.shards().stream().map(s -> s.shard()).filter(rule.scope()::covers).toList()) {
                if (!noQueryKill.contains(shard.instanceId()) && !service.killsQueries(shard.instanceId(), caller)) {
                    noQueryKill.add(shard.instanceId());
                }
            }
        }
        return RuleMatcher.match(rule, snapshot, noQueryKill);
    }

    /**
     * Kills a preview's victims. A request that the service could not carry out in its time budget (the shard's
     * kill connections stayed busy; a KILL got no answer in time, or was not sent when its connection was cut off:
     * a mass kill on a loaded server) is sent again with the ids that FAILED, as its own audited task, for up to
     * {@link #RETRY_WINDOW}: the operator confirmed those sessions, and the service checks each one live again
     * (one gone by now is ALREADY_GONE). PROTECTED and DENIED are answers, never sent again.
     */
    public RoundResult kill(RuleMatch match, Caller caller) {
        long start = System.nanoTime();
        Caller ruleCaller = caller.forRule(match.rule().label());
        List<KillResult> all = new ArrayList<>();
        List<KillRequest> pending = match.victims().isEmpty() ? List.of() : requests(match);
        while (!pending.isEmpty()) {
            List<KillResult> results = service.killAll(pending, ruleCaller);
            all.addAll(results);
            pending = System.nanoTime() - start < RETRY_WINDOW.toNanos() ? unfinished(results) : List.of();
        }
        return RoundResult.of(match, all, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The requests again, with only the ids that ran out of time; none for a refusal or a server's answer. */
    private static List<KillRequest> unfinished(List<KillResult> results) {
        List<KillRequest> again = new ArrayList<>();
        for (KillResult result : results) {
            KillRequest request = result.request();
            List<Long> ids = new ArrayList<>();
            if (result.task() == null && result.error().code() == ErrorCode.BACKEND_FAILED
                    && result.error().getMessage().contains("kill connection stayed busy")) {
                ids.addAll(request.sessionIds());
            } else if (result.task() != null) {
                // FAILED is neither a guard's nor the server's refusal (PROTECTED, DENIED): no answer in time, or a
                // KILL never sent because its connection was cut off at the budget's end.
                result.task().outcomes().stream().filter(o -> o.outcome() == Outcome.FAILED)
                        .forEach(o -> ids.add(o.sessionId()));
            }
            if (!ids.isEmpty()) {
                again.add(new KillRequest(request.instanceId(), request.shardId(), request.shardSerialId(), ids,
                        request.mode(), request.seen()));
            }
        }
        return again;
    }

    /** A round: a fresh read and the kill of what it matched. */
    public RoundResult round(Rule rule, Caller caller) throws KillSessionException {
        long start = System.nanoTime();
        RuleMatch match = preview(rule, caller);
        RoundResult killed = kill(match, caller);
        return new RoundResult(match, killed.tasks(), killed.refused(), Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The victims as KillSession requests: per shard, 100 ids each. A kill query carries the statement each victim
     * ran when read ("kill what you saw"): if it has moved on to another statement, that one is left alone.
     */
    static List<KillRequest> requests(RuleMatch match) {
        KillMode mode = match.rule().action().mode();
        Map<String, List<Session>> byShard = new LinkedHashMap<>();
        for (Session s : match.victims()) {
            byShard.computeIfAbsent(s.shard().key(), k -> new ArrayList<>()).add(s);
        }
        List<KillRequest> requests = new ArrayList<>();
        for (List<Session> sessions : byShard.values()) {
            Shard shard = sessions.get(0).shard();
            for (int from = 0; from < sessions.size(); from += KillSessionService.MAX_SESSION_IDS) {
                List<Session> chunk = sessions.subList(from, Math.min(sessions.size(),
                        from + KillSessionService.MAX_SESSION_IDS));
                List<Long> ids = new ArrayList<>(chunk.size());
                Map<Long, String> seen = new HashMap<>();
                for (Session s : chunk) {
                    ids.add(s.id());
                    if (mode == KillMode.QUERY) {
                        seen.put(s.id(), s.statement());
                    }
                }
                requests.add(new KillRequest(shard.instanceId(), shard.shardId(), shard.shardSerialId(), ids, mode,
                        seen));
            }
        }
        return requests;
    }

    private static void checkShards(Rule rule, FleetSnapshot snapshot) throws KillSessionException {
        if (rule.scope().shards().isEmpty() || !snapshot.instanceErrors().isEmpty()) {
            return; // an instance that could not be described may hold the shard: not known to be missing
        }
        for (String shardId : rule.scope().shards()) {
            if (snapshot.shards().stream().noneMatch(s -> s.shard().shardId().equals(shardId)
                    && rule.scope().covers(s.shard()))) {
                throw new KillSessionException(ErrorCode.INVALID_PARAMETER, "scope: no shard " + shardId
                        + (rule.scope().instances().isEmpty() ? " in the fleet"
                        : " in instance " + String.join(",", rule.scope().instances())));
            }
        }
    }
}
