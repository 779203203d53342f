package com.sessionconsole.killsession;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The lock chains of every shard in scope, read side by side.
 *
 * @param instanceErrors instance id to the error that kept its shards from being described (cloud instances)
 */
public record FleetLockChains(Instant readAt, Duration took, Map<String, String> instanceErrors,
                              List<ShardLockChains> shards) {

    public FleetLockChains {
        instanceErrors = Map.copyOf(instanceErrors);
        shards = List.copyOf(shards);
    }

    public List<LockChain> chains() {
        return shards.stream().flatMap(s -> s.chains().stream()).toList();
    }

    public long shardsInError() {
        return shards.stream().filter(s -> !s.ok()).count() + instanceErrors.size();
    }
}
