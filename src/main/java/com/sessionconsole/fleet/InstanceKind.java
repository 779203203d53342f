package com.sessionconsole.fleet;

import java.util.Locale;

/** How the console reaches an instance's shards. */
public enum InstanceKind {
    /** Self-managed MySQL / MariaDB shards listed one by one in the inventory, reached over JDBC. */
    MYSQL,
    /** A Tencent Cloud DCDB (TDSQL distributed) instance, reached through the dcdb API (2018-04-11). */
    DCDB;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceKind fromYaml(String value) {
        for (InstanceKind kind : values()) {
            if (kind.yamlName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + value + "' (expected mysql or dcdb)");
    }
}
