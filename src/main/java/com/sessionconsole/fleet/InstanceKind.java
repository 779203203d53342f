package com.sessionconsole.fleet;

/** How the console reaches an instance's shards, as the inventory's {@code kind} names it. */
public enum InstanceKind {
    /** Self-managed MySQL / MariaDB shards listed one by one in the inventory, reached over JDBC. */
    MYSQL("mysql"),
    /** A Tencent Cloud DCDB (TDSQL distributed) instance, reached through the dcdb API (2018-04-11). */
    DCDB("dcdb"),
    /**
     * An inventory entry for a Tencent Cloud account: every DCDB instance it finds in its regions, each
     * shown as an instance of kind {@link #DCDB}.
     */
    DCDB_ACCOUNT("dcdb-account");

    private final String yamlName;

    InstanceKind(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** Reached through the Tencent Cloud API (an instance or an account). */
    public boolean cloud() {
        return this != MYSQL;
    }

    public static InstanceKind fromYaml(String value) {
        for (InstanceKind kind : values()) {
            if (kind.yamlName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + value + "' (expected mysql, dcdb or dcdb-account)");
    }
}
