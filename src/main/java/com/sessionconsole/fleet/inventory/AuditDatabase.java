package com.sessionconsole.fleet.inventory;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A MySQL / MariaDB database that holds the audit log and the tasks for every console and {@code serve} replica
 * that names it. The console creates and migrates its own tables there.
 *
 * @param database the schema's name: letters, digits and underscores (it becomes part of a statement)
 */
public record AuditDatabase(String host, int port, String user, Secret password, String database) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    public AuditDatabase {
        ShardConfig.requireHost(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is not a TCP port (1-65535)");
        }
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user: must not be empty");
        }
        password = password == null ? Secret.NONE : password;
        if (database == null || !NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database: '" + database + "' is not a schema name (letters, digits"
                    + " and _, at most 64)");
        }
    }

    public String endpoint() {
        return host + ":" + port;
    }
}
