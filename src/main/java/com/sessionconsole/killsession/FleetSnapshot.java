package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A refresh of part or all of the fleet.
 *
 * @param instances      the instances in scope, with their shards
 * @param instanceErrors instance id to the error that kept its shards from being described (cloud instances)
 * @param shards         one answer per shard in scope
 * @param pace           the least time a listing of these shards takes under the cloud API's rate limits, or
 *                       null when none of them is reached through a rate-limited API
 */
public record FleetSnapshot(Instant readAt, Duration took, List<Instance> instances,
                            Map<String, String> instanceErrors, List<ShardSessions> shards, ApiPace pace) {

    public FleetSnapshot {
        instances = List.copyOf(instances);
        instanceErrors = Map.copyOf(instanceErrors);
        shards = List.copyOf(shards);
    }

    /** A snapshot of shards that no API's rate limit paces. */
    public FleetSnapshot(Instant readAt, Duration took, List<Instance> instances, Map<String, String> instanceErrors,
                         List<ShardSessions> shards) {
        this(readAt, took, instances, instanceErrors, shards, null);
    }

    public List<Session> sessions() {
        return shards.stream().flatMap(s -> s.sessions().stream()).toList();
    }

    public long shardsInError() {
        return shards.stream().filter(s -> !s.ok()).count() + instanceErrors.size();
    }
}
