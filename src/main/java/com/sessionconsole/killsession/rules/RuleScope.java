package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.Scope;

import java.util.List;

/**
 * Where a rule looks: some instances, some shards (by ShardId), or the whole fleet when both are empty. Both
 * given: the named shards of the named instances.
 */
public record RuleScope(List<String> instances, List<String> shards) {

    public static final RuleScope FLEET = new RuleScope(List.of(), List.of());

    public RuleScope {
        instances = instances == null ? List.of() : List.copyOf(instances.stream().map(String::strip).distinct().toList());
        shards = shards == null ? List.of() : List.copyOf(shards.stream().map(String::strip).distinct().toList());
        if (instances.stream().anyMatch(String::isEmpty) || shards.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("scope: an empty instance or shard id");
        }
    }

    public boolean covers(Shard shard) {
        return (instances.isEmpty() || instances.contains(shard.instanceId()))
                && (shards.isEmpty() || shards.contains(shard.shardId()));
    }

    /**
     * What the service reads for this scope: one instance or one shard when the scope is that narrow; else the
     * fleet, of which a round keeps what {@link #covers} (one read of every shard at once costs the slowest
     * shard, where one read per instance in turn would cost them all).
     */
    public Scope read() {
        if (instances.size() == 1 && shards.size() == 1) {
            return Scope.shard(instances.get(0), shards.get(0));
        }
        return instances.size() == 1 ? Scope.instance(instances.get(0)) : Scope.FLEET;
    }

    public boolean fleet() {
        return instances.isEmpty() && shards.isEmpty();
    }

    public String describe() {
        if (fleet()) {
            return "the fleet";
        }
        String in = instances.isEmpty() ? "" : "instance " + String.join(",", instances);
        String on = shards.isEmpty() ? "" : "shard " + String.join(",", shards);
        return in.isEmpty() ? on : on.isEmpty() ? in : on + " of " + in;
    }
}
