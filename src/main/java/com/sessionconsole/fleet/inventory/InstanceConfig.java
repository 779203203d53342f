package com.sessionconsole.fleet.inventory;

import com.sessionconsole.fleet.Ids;
import com.sessionconsole.fleet.InstanceKind;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the inventory: a list of self-managed shards ({@code mysql}), a DCDB instance reached through the
 * API whose shards are discovered at run time ({@code dcdb}), or a Tencent Cloud account whose instances are
 * discovered too ({@code dcdb-account}).
 *
 * @param region  an account's first region
 * @param dcdb    the API endpoint, for the two cloud kinds
 * @param account what an account discovers, for {@code dcdb-account} only
 * @param tags    resource tags of the instance ({@code serve} answers them and filters by them)
 */
public record InstanceConfig(String id, String name, InstanceKind kind, String region, List<ShardConfig> shards,
                             DcdbEndpoint dcdb, DcdbAccount account, Map<String, String> tags) {

    public InstanceConfig {
        Ids.requireInstanceId(id, "id");
        Objects.requireNonNull(kind, "kind");
        name = name == null || name.isBlank() ? id : name;
        region = region == null ? "" : region;
        shards = shards == null ? List.of() : List.copyOf(shards);
        tags = Tags.checked(tags);
        if (kind == InstanceKind.MYSQL && shards.isEmpty()) {
            throw new IllegalArgumentException("shards: an instance of kind mysql needs at least one shard");
        }
        if (kind.cloud() && dcdb == null) {
            throw new IllegalArgumentException("endpoint: an entry of kind " + kind.yamlName() + " needs its API endpoint");
        }
        if (kind == InstanceKind.DCDB_ACCOUNT && account == null) {
            throw new IllegalArgumentException("regions: an account needs its regions");
        }
        if (kind != InstanceKind.DCDB_ACCOUNT && account != null) {
            throw new IllegalArgumentException("kind: only an entry of kind dcdb-account discovers instances");
        }
        if (kind == InstanceKind.DCDB_ACCOUNT) {
            region = account.regions().get(0);
        }
    }

    /** An instance without tags, not an account. */
    public InstanceConfig(String id, String name, InstanceKind kind, String region, List<ShardConfig> shards,
                          DcdbEndpoint dcdb) {
        this(id, name, kind, region, shards, dcdb, null, Map.of());
    }

    /** An account entry: every DCDB instance it finds. */
    public static InstanceConfig account(String id, String name, DcdbEndpoint api, DcdbAccount account) {
        return new InstanceConfig(id, name, InstanceKind.DCDB_ACCOUNT, account.regions().get(0), List.of(),
                api.inRegion(account.regions().get(0)), account, Map.of());
    }

    /** The same entry with these tags. */
    public InstanceConfig withTags(Map<String, String> replaced) {
        return new InstanceConfig(id, name, kind, region, shards, dcdb, account, replaced);
    }
}
