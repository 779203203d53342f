package com.sessionconsole.fleet.inventory;

import org.yaml.snakeyaml.nodes.Node;

import java.util.Map;
import java.util.Set;

/**
 * The inventory's {@code settings} block:
 * <pre>
 * settings:
 *   fanOut: 16              # shards a refresh reads at once (and connections a cold start makes at once)
 *   audit:
 *     segmentMiB: 64        # the file store rotates its active file at this size
 *     keepSegments: 32      # rotated segments kept (0: all)
 *     store:                # optional: one database for every console and serve replica
 *       kind: mysql
 *       host: 10.0.0.5
 *       port: 3306
 *       user: console_audit
 *       passwordEnv: AUDIT_DB_PASSWORD
 *       database: session_console
 * </pre>
 */
final class SettingsParser {
    private static final Set<String> SETTINGS_KEYS = Set.of("audit", "fanOut");
    private static final Set<String> AUDIT_KEYS = Set.of("segmentMiB", "keepSegments", "store");
    private static final Set<String> STORE_KEYS = Set.of("kind", "host", "port", "user", "password", "passwordEnv",
            "passwordFile", "database");
    private static final long MIB = 1024 * 1024;

    private final YamlFields yaml;

    SettingsParser(YamlFields yaml) {
        this.yaml = yaml;
    }

    Settings parse(Node node) throws InventoryException {
        if (node == null) {
            return Settings.DEFAULT;
        }
        Map<String, Node> fields = yaml.mapping(node, "settings", SETTINGS_KEYS);
        Node audit = fields.get("audit");
        long fanOut = yaml.number(fields, "settings", "fanOut", 1, Settings.MAX_FAN_OUT, 0);
        return new Settings(audit == null ? AuditSettings.DEFAULT : audit(audit), (int) fanOut);
    }

    private AuditSettings audit(Node node) throws InventoryException {
        String path = "settings.audit";
        Map<String, Node> fields = yaml.mapping(node, path, AUDIT_KEYS);
        long segmentMiB = yaml.number(fields, path, "segmentMiB", 1, 64 * 1024,
                AuditSettings.DEFAULT_SEGMENT_BYTES / MIB);
        long keep = yaml.number(fields, path, "keepSegments", 0, 1_000_000, AuditSettings.DEFAULT_KEEP_SEGMENTS);
        Node store = fields.get("store");
        AuditDatabase database = store == null ? null : database(store, path + ".store");
        return new AuditSettings(segmentMiB * MIB, (int) keep, database);
    }

    private AuditDatabase database(Node node, String path) throws InventoryException {
        Map<String, Node> fields = yaml.mapping(node, path, STORE_KEYS);
        String kind = yaml.required(fields, node, path, "kind");
        if (!kind.equals("mysql")) {
            throw yaml.error(fields.get("kind"), path + ".kind", "'" + kind + "' (expected mysql: a MySQL or MariaDB"
                    + " database)");
        }
        String host = yaml.required(fields, node, path, "host");
        int port = yaml.port(fields, node, path);
        String user = yaml.required(fields, node, path, "user");
        String database = yaml.required(fields, node, path, "database");
        Secret password = yaml.secret(fields, path, "password", "passwordEnv", "passwordFile");
        return yaml.build(fields, node, path, "host", () -> new AuditDatabase(host, port, user, password, database));
    }
}
