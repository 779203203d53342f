package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.Session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet's sessions summed up by user, host, db, command or statement fingerprint: how a DBA finds "the query
 * from yesterday's deploy, piling up on 300 shards". Pure; the window and {@code list --group-by} share it.
 */
public final class Groups {

    private Groups() {
    }

    /**
     * One group.
     *
     * @param key      the user, host, db, command or fingerprint; empty for sessions without one
     * @param running  sessions running a statement (Query, Execute)
     * @param totalTime the sessions' Time added up, in seconds
     * @param longest  the longest Time, in seconds
     * @param shards   how many shards the group spans
     * @param example  one statement of the group (the longest-running), for a fingerprint's reader
     */
    public record Group(GroupBy by, String key, int count, int running, long totalTime, long longest, int shards,
                        String example) {

        /** The key as a person reads it: an empty one says what it stands for. */
        public String label() {
            if (!key.isEmpty()) {
                return key;
            }
            return switch (by) {
                case DB -> "(no db)";
                case FINGERPRINT -> "(no statement)";
                default -> "(none)";
            };
        }

        /** The rule that takes this group's sessions, unnamed, or null when no condition can name the group. */
        public Rule rule() {
            Conditions conditions = by.conditionsFor(key);
            return conditions == null ? null : new Rule(null, RuleScope.FLEET, conditions, RuleAction.DEFAULT);
        }
    }

    /** The groups, the largest first (then the longest-running). */
    public static List<Group> of(List<Session> sessions, GroupBy by) {
        Map<String, Acc> groups = new HashMap<>();
        for (Session s : sessions) {
            groups.computeIfAbsent(by.keyOf(s), k -> new Acc()).add(s);
        }
        List<Group> result = new ArrayList<>(groups.size());
        groups.forEach((key, acc) -> result.add(new Group(by, key, acc.count, acc.running, acc.total, acc.longest,
                acc.shards.size(), acc.example)));
        result.sort(Comparator.comparingInt(Group::count).reversed().thenComparing(Comparator.comparingLong(
                Group::longest).reversed()).thenComparing(Group::key));
        return result;
    }

    private static final class Acc {
        private final Set<String> shards = new HashSet<>();
        private int count;
        private int running;
        private long total;
        private long longest = -1;
        private String example;

        void add(Session s) {
            count++;
            if (Conditions.running(s)) {
                running++;
            }
            total += Math.max(0, s.timeSeconds());
            if (s.timeSeconds() > longest) {
                longest = s.timeSeconds();
                example = s.statementOneLine();
            }
            shards.add(s.shard().key());
        }
    }
}
