package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.ShardSessions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a rule to sessions already read: pure, no I/O, so the window can run it on every keystroke and a
 * round runs it on the read it just made. Rules never reach SQL: they filter the listing here.
 */
public final class RuleMatcher {
    /** Longest-running first; then by shard and id, so that a cut by the cap is the same on every run. */
    static final Comparator<Session> OLDEST_FIRST = Comparator.comparingLong(Session::timeSeconds).reversed()
            .thenComparing((Session s) -> s.shard().key()).thenComparingLong(Session::id);

    private RuleMatcher() {
    }

    /** The rule on a read of the fleet; the read's failed shards in scope are reported with the match. */
    public static RuleMatch match(Rule rule, FleetSnapshot snapshot, Set<String> noQueryKill) {
        List<String> errors = new ArrayList<>();
        snapshot.instanceErrors().forEach((id, error) -> {
            if (rule.scope().instances().isEmpty() || rule.scope().instances().contains(id)) {
                errors.add("instance " + id + ": " + error);
            }
        });
        for (ShardSessions shard : snapshot.shards()) {
            if (!shard.ok() && rule.scope().covers(shard.shard())) {
                errors.add(shard.shard().key() + ": " + shard.error());
            }
        }
        return match(rule, snapshot.sessions(), noQueryKill, errors);
    }

    /**
     * The rule on sessions from any source (the window's last refresh).
     *
     * @param noQueryKill instances whose backend ends connections only: a kill query skips their sessions
     */
    public static RuleMatch match(Rule rule, List<Session> sessions, Set<String> noQueryKill, List<String> errors) {
        Set<String> blockers = new HashSet<>();
        for (Session session : sessions) {
            if (session.blockedBy() != null) {
                blockers.add(session.shard().key() + "#" + session.blockedBy());
            }
        }
        boolean query = rule.action().mode() == KillMode.QUERY;
        List<Session> candidates = new ArrayList<>();
        List<RuleMatch.Skipped> skipped = new ArrayList<>();
        for (Session s : sessions) {
            if (!rule.scope().covers(s.shard())
                    || !rule.conditions().test(s, blockers.contains(s.shard().key() + "#" + s.id()))) {
                continue;
            }
            if (s.isProtected()) {
                skipped.add(new RuleMatch.Skipped(s, "protected: " + s.protectedReason()));
            } else if (query && s.statement() == null) {
                skipped.add(new RuleMatch.Skipped(s, "no statement running: kill query would end nothing"));
            } else if (query && noQueryKill.contains(s.shard().instanceId())) {
                skipped.add(new RuleMatch.Skipped(s, "instance " + s.shard().instanceId()
                        + " ends connections only (no KILL QUERY)"));
            } else {
                candidates.add(s);
            }
        }
        if (rule.action().victims() == Victims.OLDEST) {
            Map<String, Session> oldest = new LinkedHashMap<>();
            for (Session s : candidates) {
                oldest.merge(s.shard().key(), s, (a, b) -> OLDEST_FIRST.compare(a, b) <= 0 ? a : b);
            }
            candidates = new ArrayList<>(oldest.values());
        }
        candidates.sort(OLDEST_FIRST);
        int cap = rule.action().cap();
        List<Session> victims = candidates.size() > cap ? candidates.subList(0, cap) : candidates;
        return new RuleMatch(rule, victims, skipped, candidates.size() - victims.size(), counts(victims, skipped),
                errors);
    }

    private static List<RuleMatch.ShardCount> counts(List<Session> victims, List<RuleMatch.Skipped> skipped) {
        Map<String, Shard> shards = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Session s : victims) {
            shards.putIfAbsent(s.shard().key(), s.shard());
            counts.computeIfAbsent(s.shard().key(), k -> new int[2])[0]++;
        }
        for (RuleMatch.Skipped s : skipped) {
            shards.putIfAbsent(s.session().shard().key(), s.session().shard());
            counts.computeIfAbsent(s.session().shard().key(), k -> new int[2])[1]++;
        }
        List<RuleMatch.ShardCount> result = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                result.add(new RuleMatch.ShardCount(shards.get(e.getKey()), e.getValue()[0], e.getValue()[1])));
        return result;
    }
}
