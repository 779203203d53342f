package com.sessionconsole.ui.tree;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ShardSessions;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fleet tree's state: instances and their shards, with status, session counts and errors. */
public final class FleetTreeViewModel {
    private final ObjectProperty<FleetNode> root = new SimpleObjectProperty<>(
            new FleetNode("fleet", FleetNode.Kind.FLEET, "Fleet", "", Scope.FLEET, -1, null, List.of()));

    /** Rebuilds the nodes from a refresh of the whole fleet. */
    public void apply(FleetSnapshot snapshot) {
        Map<String, ShardSessions> answers = new HashMap<>();
        for (ShardSessions answer : snapshot.shards()) {
            answers.put(answer.shard().key(), answer);
        }
        List<FleetNode> instances = new ArrayList<>();
        int total = 0;
        for (Instance instance : snapshot.instances()) {
            List<FleetNode> shards = new ArrayList<>();
            int count = 0;
            int failed = 0;
            for (Shard shard : instance.shards()) {
                ShardSessions answer = answers.get(shard.key());
                int sessions = answer == null || !answer.ok() ? -1 : answer.sessions().size();
                String error = answer == null ? "not read in the last refresh" : answer.error();
                failed += error == null ? 0 : 1;
                count += Math.max(0, sessions);
                shards.add(new FleetNode(shard.key(), FleetNode.Kind.SHARD, shard.shardId(),
                        shard.shardSerialId() + "  " + shard.route() + "  " + shard.status(),
                        Scope.shard(shard.instanceId(), shard.shardId()), sessions, error, List.of()));
            }
            total += count;
            String error = failed == 0 ? null : failed + " of " + shards.size() + " shards unreachable";
            instances.add(new FleetNode(instance.id(), FleetNode.Kind.INSTANCE, label(instance),
                    instance.kind().yamlName() + "  " + instance.status() + "  " + instance.region(),
                    Scope.instance(instance.id()), count, null, shards).withError(error));
        }
        for (Map.Entry<String, String> failure : snapshot.instanceErrors().entrySet()) {
            instances.add(new FleetNode(failure.getKey(), FleetNode.Kind.INSTANCE, failure.getKey(), "",
                    Scope.instance(failure.getKey()), -1, failure.getValue(), List.of()));
        }
        long inError = snapshot.shardsInError();
        root.set(new FleetNode("fleet", FleetNode.Kind.FLEET, "Fleet", instances.size() + " instances",
                Scope.FLEET, total, inError == 0 ? null : inError + " shards in error", instances));
    }

    /** "orders (tdsqlshard-…)", or just the id when the instance has no name of its own. */
    private static String label(Instance instance) {
        String name = instance.name();
        boolean unnamed = name == null || name.isBlank() || name.equals(instance.id());
        return unnamed ? instance.id() : name + " (" + instance.id() + ")";
    }

    public ObjectProperty<FleetNode> rootProperty() {
        return root;
    }
}
