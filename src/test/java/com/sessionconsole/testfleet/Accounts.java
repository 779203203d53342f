package com.sessionconsole.testfleet;

import com.sessionconsole.demo.EmbeddedFleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** Application accounts beyond {@code app}, made on a shard the first time a test asks (rules tell users apart). */
public final class Accounts {
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static final Set<String> MADE = new HashSet<>();

    private Accounts() {
    }

    /** A connection as {@code user} (owner of the app schema's rows like {@code app}), with {@code db} as default. */
    public static Connection connect(EmbeddedFleet fleet, String shardId, String user, String db) throws SQLException {
        make(fleet, shardId, user);
        return fleet.shard(shardId).server().connect(user, PASSWORD, db);
    }

    private static synchronized void make(EmbeddedFleet fleet, String shardId, String user) throws SQLException {
        if (MADE.add(shardId + "/" + user)) {
            try (Connection admin = fleet.shard(shardId).server().adminConnection();
                 Statement sql = admin.createStatement()) {
                sql.execute("CREATE OR REPLACE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
                sql.execute("GRANT ALL PRIVILEGES ON app.* TO '" + user + "'@'127.0.0.1'");
            }
        }
    }
}
