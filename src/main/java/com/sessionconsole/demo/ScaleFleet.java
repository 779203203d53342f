package com.sessionconsole.demo;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A large fleet simulated over a few embedded servers: each shard entry is its own account without the PROCESS
 * privilege, so that the console, connecting as that account, sees only that account's sessions, as it would see
 * one shard's. It simulates the console's side of a large fleet (fan-out, connections, threads, memory, rows);
 * it does not simulate network latency or one server process per shard.
 */
public final class ScaleFleet {
    private final EmbeddedFleet fleet;
    private final List<Entry> entries;
    private final String password;

    /** One shard entry: its ids, its account and the server it lives on. */
    public record Entry(String instanceId, String shardId, String shardSerialId, String user,
                        EmbeddedServer server) {
    }

    private ScaleFleet(EmbeddedFleet fleet, List<Entry> entries, String password) {
        this.fleet = fleet;
        this.entries = entries;
        this.password = password;
    }

    /**
     * Makes {@code count} accounts, spread over the fleet's servers in turn, grouped into instances of
     * {@code perInstance} shards.
     */
    public static ScaleFleet create(EmbeddedFleet fleet, int count, int perInstance) throws IOException {
        String password = Passwords.random();
        List<EmbeddedServer> servers = fleet.shards().stream().map(EmbeddedFleet.EmbeddedShard::server).toList();
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int instance = i / perInstance + 1;
            int shard = i % perInstance + 1;
            entries.add(new Entry(String.format("tdsqlshard-scale%04d", instance),
                    String.format("shard-scale%04ds%03d", instance, shard), String.format("set_%d_%d", 1900000000 + instance, shard),
                    String.format("sc_%05d", i + 1), servers.get(i % servers.size())));
        }
        for (EmbeddedServer server : servers) {
            try (Connection admin = server.adminConnection(); Statement sql = admin.createStatement()) {
                // Where the accounts' sessions open transactions without touching each other's rows.
                sql.execute("CREATE TABLE IF NOT EXISTS app.scratch (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                        + " owner VARCHAR(80) NOT NULL) ENGINE=InnoDB");
                for (Entry entry : entries) {
                    if (entry.server() == server) {
                        sql.execute("CREATE USER IF NOT EXISTS '" + entry.user() + "'@'127.0.0.1' IDENTIFIED BY '"
                                + password + "'");
                        sql.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON app.* TO '" + entry.user()
                                + "'@'127.0.0.1'");
                    }
                }
            } catch (SQLException e) {
                throw new IOException("making the scale accounts on port " + server.port() + ": " + e.getMessage(), e);
            }
        }
        return new ScaleFleet(fleet, List.copyOf(entries), password);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The fleet as the console's inventory: one shard entry per account. */
    public Inventory inventory() {
        return inventory("scale");
    }

    /** The same, the instances in this region (as a server of the dcdb API answers them). */
    public Inventory inventory(String region) {
        List<InstanceConfig> instances = new ArrayList<>();
        List<ShardConfig> shards = new ArrayList<>();
        String current = null;
        for (Entry entry : entries) {
            if (current != null && !current.equals(entry.instanceId())) {
                instances.add(new InstanceConfig(current, null, InstanceKind.MYSQL, region, shards, null));
                shards = new ArrayList<>();
            }
            current = entry.instanceId();
            shards.add(new ShardConfig(entry.shardId(), entry.shardSerialId(), "127.0.0.1", entry.server().port(),
                    entry.user(), Secret.plain(password)));
        }
        if (current != null) {
            instances.add(new InstanceConfig(current, null, InstanceKind.MYSQL, region, shards, null));
        }
        return new Inventory(null, instances, List.of());
    }

    /** The password every account of this fleet has (it exists only for this run). */
    public String password() {
        return password;
    }

    /** A session of the entry's account: one of its victims. */
    public Connection connect(Entry entry) throws SQLException {
        return entry.server().connect(entry.user(), password, "app");
    }

    /** Drops the accounts (their sessions must be closed first). */
    public void drop() throws SQLException {
        for (EmbeddedFleet.EmbeddedShard shard : fleet.shards()) {
            try (Connection admin = shard.server().adminConnection(); Statement sql = admin.createStatement()) {
                for (Entry entry : entries) {
                    if (entry.server() == shard.server()) {
                        sql.execute("DROP USER IF EXISTS '" + entry.user() + "'@'127.0.0.1'");
                    }
                }
            }
        }
    }
}
