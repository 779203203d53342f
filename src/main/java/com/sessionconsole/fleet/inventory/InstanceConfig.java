package com.sessionconsole.fleet.inventory;

import com.sessionconsole.fleet.Ids;
import com.sessionconsole.fleet.InstanceKind;

import java.util.List;
import java.util.Objects;

/**
 * One instance as the inventory names it: either a list of self-managed shards ({@code mysql}) or a
 * DCDB instance reached through the API ({@code dcdb}), whose shards are discovered at run time.
 */
public record InstanceConfig(String id, String name, InstanceKind kind, String region, List<ShardConfig> shards,
                             DcdbEndpoint dcdb) {

    public InstanceConfig {
        Ids.requireInstanceId(id, "id");
        Objects.requireNonNull(kind, "kind");
        name = name == null || name.isBlank() ? id : name;
        region = region == null ? "" : region;
        shards = shards == null ? List.of() : List.copyOf(shards);
        if (kind == InstanceKind.MYSQL && shards.isEmpty()) {
            throw new IllegalArgumentException("shards: an instance of kind mysql needs at least one shard");
        }
        if (kind == InstanceKind.DCDB && dcdb == null) {
            throw new IllegalArgumentException("endpoint: an instance of kind dcdb needs its API endpoint");
        }
    }
}
