package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.inventory.InstanceConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * One answer to a probe ("Test"): a shard and how many sessions it lists, or an instance a cloud account's
 * discovery found, or why neither could be read.
 *
 * @param target   the shard, or the instance
 * @param error    null when it answered
 * @param sessions the shard's sessions; -1 for an instance found by discovery
 * @param found    what discovery found of an instance (name, status, shards); null for a shard
 */
public record ProbeResult(String target, String error, int sessions, String found) {

    /** A shard's answer. */
    public ProbeResult(String target, String error, int sessions) {
        this(target, error, sessions, null);
    }

    /** An instance a discovery found. */
    public static ProbeResult found(String instanceId, String what) {
        return new ProbeResult(instanceId, null, -1, what);
    }

    public boolean ok() {
        return error == null;
    }

    /** What the operator reads after the target: "ok, 3 sessions", what was found, or the error. */
    public String summary() {
        if (!ok()) {
            return error;
        }
        return found != null ? found : "ok, " + sessions + (sessions == 1 ? " session" : " sessions");
    }

    /** What an account's discovery found: each instance with its name, status, region and shards. */
    static List<ProbeResult> discovered(InstanceConfig account, List<Instance> instances) {
        if (instances.isEmpty()) {
            return List.of(ProbeResult.found(account.id(), "found no DCDB instance in "
                    + String.join(", ", account.account().regions())
                    + (account.account().filter().none() ? "" : " that passes the filter")));
        }
        List<ProbeResult> results = new ArrayList<>();
        for (Instance instance : instances) {
            int shards = instance.shards().size();
            results.add(ProbeResult.found(instance.id(), (instance.name().equals(instance.id()) ? ""
                    : instance.name() + ", ") + instance.status() + ", " + instance.region() + ", " + shards
                    + (shards == 1 ? " shard" : " shards")));
        }
        return results;
    }
}
