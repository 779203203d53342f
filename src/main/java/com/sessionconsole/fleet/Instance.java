package com.sessionconsole.fleet;

import java.util.List;

/** An instance as the console shows it, with the shards it has now. */
public record Instance(String id, String name, InstanceKind kind, String status, String region, List<Shard> shards) {

    public Instance {
        shards = List.copyOf(shards);
    }
}
