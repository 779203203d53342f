package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;

import java.util.List;

/**
 * What a rule takes from one read of the fleet: the sessions a round would kill, the matching ones it would
 * leave alone and why, what the cap held back, and the shards that did not answer.
 *
 * @param victims     the sessions to kill, the longest-running first
 * @param skipped     sessions that match but are not killed: protected, or nothing for a kill query to end
 * @param capped      matches held back by the rule's cap, left for the next round
 * @param shards      per shard in scope that has a match: how many it would kill and skip
 * @param shardErrors shards (and cloud instances) that could not be read, with their errors
 */
public record RuleMatch(Rule rule, List<Session> victims, List<Skipped> skipped, int capped,
                        List<ShardCount> shards, List<String> shardErrors) {

    public RuleMatch {
        victims = List.copyOf(victims);
        skipped = List.copyOf(skipped);
        shards = List.copyOf(shards);
        shardErrors = List.copyOf(shardErrors);
    }

    /** A matching session that the round leaves alone, and why. */
    public record Skipped(Session session, String reason) {
    }

    /** One shard's part: sessions to kill and sessions skipped. */
    public record ShardCount(Shard shard, int victims, int skipped) {
    }

    /** Rows that killing the victims' connections rolls back in all (none for a kill query). */
    public long rowsToRollBack() {
        if (rule.action().mode() == KillMode.QUERY) {
            return 0;
        }
        return victims.stream().filter(s -> s.transaction() != null).mapToLong(s -> s.transaction().rowsModified())
                .sum();
    }

    public long shardsWithVictims() {
        return shards.stream().filter(s -> s.victims() > 0).count();
    }
}
