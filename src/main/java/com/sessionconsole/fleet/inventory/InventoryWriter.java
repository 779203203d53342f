package com.sessionconsole.fleet.inventory;

import com.sessionconsole.common.AtomicFiles;
import com.sessionconsole.fleet.InstanceKind;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes an inventory so that a reader (the command line, another window) only ever sees the old file or
 * the whole new one: a temporary file beside it, flushed, then renamed over it.
 */
public final class InventoryWriter {

    private InventoryWriter() {
    }

    public static void write(Inventory inventory, Path file) throws IOException {
        String text = toYaml(inventory);
        try {
            InventoryLoader.parse(file, text);
        } catch (InventoryException e) {
            // Never replace a good file with one the loader would refuse.
            throw new IOException("refusing to write an inventory that would not load: " + e.getMessage(), e);
        }
        // Owner-only: an inventory may hold a plain password.
        AtomicFiles.write(file, text, true);
    }

    /** The inventory as YAML that {@link InventoryLoader} reads back to the same inventory. */
    public static String toYaml(Inventory inventory) {
        StringBuilder out = new StringBuilder();
        out.append("# Session Console inventory. Written by the console; comments are not kept.\n");
        out.append("# Reference: resources/inventory.example.yaml\n");
        out.append("instances:\n");
        for (InstanceConfig instance : inventory.instances()) {
            out.append("  - id: ").append(quote(instance.id())).append('\n');
            out.append("    name: ").append(quote(instance.name())).append('\n');
            out.append("    kind: ").append(instance.kind().yamlName()).append('\n');
            if (instance.kind() == InstanceKind.DCDB_ACCOUNT) {
                account(out, instance);
                continue;
            }
            if (!instance.region().isEmpty()) {
                out.append("    region: ").append(quote(instance.region())).append('\n');
            }
            tags(out, "    ", "tags", instance.tags());
            if (instance.kind() == InstanceKind.DCDB) {
                DcdbEndpoint api = instance.dcdb();
                endpoint(out, api);
                if (api.nodeId() != null) {
                    out.append("    nodeId: ").append(quote(api.nodeId())).append('\n');
                }
                continue;
            }
            out.append("    shards:\n");
            for (ShardConfig shard : instance.shards()) {
                out.append("      - shardId: ").append(quote(shard.shardId())).append('\n');
                out.append("        shardSerialId: ").append(quote(shard.shardSerialId())).append('\n');
                out.append("        host: ").append(quote(shard.host())).append('\n');
                out.append("        port: ").append(shard.port()).append('\n');
                out.append("        user: ").append(quote(shard.user())).append('\n');
                if (shard.password().source() == Secret.Source.PLAIN) {
                    out.append("        password: ").append(quote(shard.password().reference())).append('\n');
                } else {
                    secret(out, "        ", "password", shard.password());
                }
                if (shard.tls() != TlsMode.PREFERRED) {
                    out.append("        tls: ").append(shard.tls().yamlName()).append('\n');
                }
            }
        }
        settings(out, inventory.settings());
        return out.toString();
    }

    private static void account(StringBuilder out, InstanceConfig instance) {
        DcdbAccount account = instance.account();
        out.append("    regions: [").append(String.join(", ", account.regions().stream().map(InventoryWriter::quote)
                .toList())).append("]\n");
        endpoint(out, instance.dcdb());
        DiscoveryFilter filter = account.filter();
        if (!filter.none()) {
            out.append("    filter:\n");
            if (!filter.instanceIds().isEmpty()) {
                out.append("      instanceIds: [").append(String.join(", ", filter.instanceIds().stream()
                        .map(InventoryWriter::quote).toList())).append("]\n");
            }
            if (filter.name() != null) {
                out.append("      name: ").append(quote(filter.name())).append('\n');
            }
            tags(out, "      ", "tags", filter.tags());
        }
        if (!account.rediscover().equals(DcdbAccount.DEFAULT_REDISCOVER)) {
            out.append("    rediscoverSeconds: ").append(account.rediscover().toSeconds()).append('\n');
        }
    }

    /** A cloud entry's endpoint, protocol, credentials and rate limit. */
    private static void endpoint(StringBuilder out, DcdbEndpoint api) {
        out.append("    endpoint: ").append(quote(api.endpoint())).append('\n');
        out.append("    protocol: ").append(api.https() ? "https" : "http").append('\n');
        CloudCredentials credentials = api.credentials();
        if (credentials.profile() != null) {
            out.append("    profile: ").append(quote(credentials.profile())).append('\n');
            if (credentials.profileFile() != null) {
                out.append("    profileFile: ").append(quote(credentials.profileFile())).append('\n');
            }
        }
        for (String base : new String[] {"secretId", "secretKey"}) {
            Secret secret = base.equals("secretId") ? credentials.secretId() : credentials.secretKey();
            if (secret.source() == Secret.Source.PLAIN) {
                // Only what the operator typed into the window: the file is owner-only, and the loader warns
                // when group or others can read it, as for a typed password.
                out.append("    ").append(base).append(": ").append(quote(secret.reference())).append('\n');
            } else {
                secret(out, "    ", base, secret);
            }
        }
        if (api.rateLimit() != DcdbEndpoint.DEFAULT_RATE_LIMIT) {
            out.append("    rateLimit: ").append(api.rateLimit()).append('\n');
        }
    }

    private static void tags(StringBuilder out, String indent, String key, java.util.Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        out.append(indent).append(key).append(":\n");
        tags.forEach((name, value) -> out.append(indent).append("  ").append(quote(name)).append(": ")
                .append(quote(value)).append('\n'));
    }

    /** The settings block, when anything differs from the defaults. */
    private static void settings(StringBuilder out, Settings settings) {
        AuditSettings audit = settings.audit();
        if (settings.equals(Settings.DEFAULT)) {
            return;
        }
        out.append("settings:\n");
        if (settings.fanOut() > 0) {
            out.append("  fanOut: ").append(settings.fanOut()).append('\n');
        }
        if (audit.equals(AuditSettings.DEFAULT)) {
            return;
        }
        out.append("  audit:\n");
        out.append("    segmentMiB: ").append(audit.segmentBytes() / (1024 * 1024)).append('\n');
        out.append("    keepSegments: ").append(audit.keepSegments()).append('\n');
        AuditDatabase database = audit.database();
        if (database != null) {
            out.append("    store:\n");
            out.append("      kind: mysql\n");
            out.append("      host: ").append(quote(database.host())).append('\n');
            out.append("      port: ").append(database.port()).append('\n');
            out.append("      user: ").append(quote(database.user())).append('\n');
            if (database.password().source() == Secret.Source.PLAIN) {
                out.append("      password: ").append(quote(database.password().reference())).append('\n');
            } else {
                secret(out, "      ", "password", database.password());
            }
            out.append("      database: ").append(quote(database.database())).append('\n');
        }
    }

    private static void secret(StringBuilder out, String indent, String base, Secret secret) {
        if (secret.source() == Secret.Source.ENV) {
            out.append(indent).append(base).append("Env: ").append(quote(secret.reference())).append('\n');
        } else if (secret.source() == Secret.Source.FILE) {
            out.append(indent).append(base).append("File: ").append(quote(secret.reference())).append('\n');
        }
    }

    /** A YAML double-quoted scalar (JSON string escaping is a subset of it). */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
