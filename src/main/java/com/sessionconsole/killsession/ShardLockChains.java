package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Shard;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One shard's lock chains, or why it has none to show.
 *
 * @param sources     how its locks were read (which table for row locks, which for metadata locks)
 * @param unavailable why this shard's locks cannot be read at all (a dcdb shard), else null
 * @param error       why the shard did not answer, else null
 */
public record ShardLockChains(Shard shard, List<LockChain> chains, List<String> sources, String unavailable,
                              String error, Duration took) {

    public ShardLockChains {
        chains = List.copyOf(chains);
        sources = List.copyOf(sources);
    }

    public boolean ok() {
        return error == null;
    }

    /**
     * How many sessions the kill of these root blockers together frees: those waiting, down any chain, only for
     * sessions among them. A session waiting for two roots is freed by killing both, not by either alone.
     */
    public int freedBy(Set<Long> rootIds) {
        Map<Long, Set<Long>> tops = new HashMap<>();
        for (LockChain chain : chains) {
            long top = chain.root().sessionId();
            for (LockNode node : chain.root().flatten()) {
                if (node.sessionId() != top) {
                    tops.computeIfAbsent(node.sessionId(), k -> new HashSet<>()).add(top);
                }
            }
        }
        return (int) tops.entrySet().stream()
                .filter(e -> !rootIds.contains(e.getKey()) && rootIds.containsAll(e.getValue())).count();
    }
}
