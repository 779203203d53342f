package com.sessionconsole.demo;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * A fleet of real MariaDB servers, one process per shard, on free loopback ports: the demo fleet of the first
 * run and the fleet the tests and benchmarks run against. Every shard has the same accounts and schema:
 * <ul>
 *   <li>{@code console}: what the inventory uses (PROCESS, CONNECTION ADMIN: sees and kills every session;
 *   SELECT on performance_schema: names the holders of metadata locks);</li>
 *   <li>{@code viewer}: PROCESS only (sees every session, may kill only its own);</li>
 *   <li>{@code app}: the application, owner of the {@code app} schema, whose sessions are the victims.</li>
 * </ul>
 * Passwords are random for each start and never written to a file.
 */
public final class EmbeddedFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFleet.class);
    private static final String BINARIES_VERSION = "mariadb-11.4.5";

    /** One instance of the fleet: its id, name and how many shards. */
    public record InstanceSpec(String id, String name, int shards) {
    }

    /** A shard of the fleet: its ids and its server. */
    public record EmbeddedShard(String instanceId, String shardId, String shardSerialId, EmbeddedServer server) {
    }

    private final Path workDir;
    private final List<InstanceSpec> specs;
    private final Map<String, EmbeddedShard> shards;
    private final String consolePassword;
    private final String viewerPassword;
    private final String appPassword;

    private EmbeddedFleet(Path workDir, List<InstanceSpec> specs, Map<String, EmbeddedShard> shards,
                          String consolePassword, String viewerPassword, String appPassword) {
        this.workDir = workDir;
        this.specs = specs;
        this.shards = shards;
        this.consolePassword = consolePassword;
        this.viewerPassword = viewerPassword;
        this.appPassword = appPassword;
    }

    /** The demo fleet: two instances, three shards. */
    public static List<InstanceSpec> demoSpecs() {
        return List.of(new InstanceSpec("tdsqlshard-demo0001", "orders", 2),
                new InstanceSpec("tdsqlshard-demo0002", "billing", 1));
    }

    /**
     * Starts one server per shard, in parallel, and sets up accounts and schema.
     *
     * @param maxConnections per server; the benchmark needs thousands
     */
    public static EmbeddedFleet start(List<InstanceSpec> specs, int maxConnections) throws IOException {
        return start(specs, maxConnections, List.of());
    }

    /** As {@link #start(List, int)}, every server started with {@code serverArgs} too (for example a TLS setting). */
    public static EmbeddedFleet start(List<InstanceSpec> specs, int maxConnections, List<String> serverArgs)
            throws IOException {
        Path workDir = Files.createTempDirectory("session-console-fleet-");
        Path baseDir = binariesDir();
        boolean unpacked = Files.exists(baseDir.resolve(".complete"));
        List<String[]> plan = new ArrayList<>();
        for (int n = 0; n < specs.size(); n++) {
            InstanceSpec spec = specs.get(n);
            String suffix = spec.id().replaceAll("[^A-Za-z0-9]", "").replaceFirst("^tdsqlshard", "");
            for (int i = 1; i <= spec.shards(); i++) {
                plan.add(new String[] {spec.id(), "shard-" + suffix + "s" + i,
                        "set_" + (1700000001L + n) + "_" + i});
            }
        }
        String consolePassword = Passwords.random();
        String viewerPassword = Passwords.random();
        String appPassword = Passwords.random();
        Map<String, EmbeddedShard> shards = new LinkedHashMap<>();
        List<EmbeddedServer> started = new ArrayList<>();
        try {
            int first = 0;
            if (!unpacked) {
                // The first server unpacks the binaries that all share; the rest start side by side after it.
                EmbeddedServer server = EmbeddedServer.start(baseDir, workDir.resolve(plan.get(0)[1]), true,
                        maxConnections, serverArgs);
                started.add(server);
                Files.writeString(baseDir.resolve(".complete"), BINARIES_VERSION);
                first = 1;
            }
            List<CompletableFuture<EmbeddedServer>> pending = new ArrayList<>();
            for (int i = first; i < plan.size(); i++) {
                Path serverDir = workDir.resolve(plan.get(i)[1]);
                pending.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return EmbeddedServer.start(baseDir, serverDir, false, maxConnections, serverArgs);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            for (CompletableFuture<EmbeddedServer> future : pending) {
                try {
                    started.add(future.join());
                } catch (CompletionException e) {
                    throw new IOException(e.getCause().getMessage(), e.getCause());
                }
            }
            for (int i = 0; i < plan.size(); i++) {
                EmbeddedServer server = started.get(i);
                setUp(server, consolePassword, viewerPassword, appPassword);
                shards.put(plan.get(i)[1], new EmbeddedShard(plan.get(i)[0], plan.get(i)[1], plan.get(i)[2], server));
            }
        } catch (IOException | RuntimeException e) {
            for (EmbeddedServer server : started) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // best effort while failing
                }
            }
            deleteTree(workDir);
            throw e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
        }
        LOG.info("embedded fleet up: {} shards in {}", shards.size(), workDir);
        return new EmbeddedFleet(workDir, specs, shards, consolePassword, viewerPassword, appPassword);
    }

    private static void setUp(EmbeddedServer server, String consolePassword, String viewerPassword,
                              String appPassword) throws IOException {
        try (Connection connection = server.adminConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE USER 'console'@'127.0.0.1' IDENTIFIED BY '" + consolePassword + "'");
            sql.execute("GRANT PROCESS, CONNECTION ADMIN ON *.* TO 'console'@'127.0.0.1'");
            // Who holds a metadata lock: performance_schema.metadata_locks wants SELECT, beyond PROCESS.
            sql.execute("GRANT SELECT ON performance_schema.* TO 'console'@'127.0.0.1'");
            sql.execute("CREATE USER 'viewer'@'127.0.0.1' IDENTIFIED BY '" + viewerPassword + "'");
            sql.execute("GRANT PROCESS ON *.* TO 'viewer'@'127.0.0.1'");
            sql.execute("CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY '" + appPassword + "'");
            sql.execute("CREATE DATABASE app");
            sql.execute("GRANT ALL PRIVILEGES ON app.* TO 'app'@'127.0.0.1'");
            sql.execute("CREATE TABLE app.accounts (id INT PRIMARY KEY, owner VARCHAR(40) NOT NULL,"
                    + " balance INT NOT NULL) ENGINE=InnoDB");
            sql.execute("INSERT INTO app.accounts SELECT seq, CONCAT('customer-', seq), 1000"
                    + " FROM app.seq_1_to_200");
        } catch (SQLException e) {
            throw new IOException("setting up the embedded server on port " + server.port() + ": " + e.getMessage(), e);
        }
    }

    /** The fleet as an inventory (in memory: it holds this run's passwords), as user {@code console}. */
    public Inventory inventory() {
        return inventory("console", consolePassword);
    }

    /** The same fleet seen through the {@code viewer} account, which may not kill others' sessions. */
    public Inventory viewerInventory() {
        return inventory("viewer", viewerPassword);
    }

    private Inventory inventory(String user, String password) {
        List<InstanceConfig> instances = new ArrayList<>();
        for (InstanceSpec spec : specs) {
            List<ShardConfig> configs = new ArrayList<>();
            for (EmbeddedShard shard : shards.values()) {
                if (shard.instanceId().equals(spec.id())) {
                    configs.add(new ShardConfig(shard.shardId(), shard.shardSerialId(), "127.0.0.1",
                            shard.server().port(), user, Secret.plain(password)));
                }
            }
            instances.add(new InstanceConfig(spec.id(), spec.name(), InstanceKind.MYSQL, "embedded", configs, null));
        }
        return new Inventory(null, instances, List.of());
    }

    public List<EmbeddedShard> shards() {
        return List.copyOf(shards.values());
    }

    public EmbeddedShard shard(String shardId) {
        EmbeddedShard shard = shards.get(shardId);
        if (shard == null) {
            throw new IllegalArgumentException("no embedded shard " + shardId);
        }
        return shard;
    }

    /** A connection as the application account: a future victim. */
    public Connection appConnection(String shardId) throws SQLException {
        return shard(shardId).server().connect("app", appPassword, "app");
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (EmbeddedShard shard : shards.values()) {
            stopping.add(CompletableFuture.runAsync(() -> {
                try {
                    shard.server().close();
                } catch (IOException e) {
                    LOG.warn("{}", e.getMessage());
                }
            }));
        }
        stopping.forEach(CompletableFuture::join);
        deleteTree(workDir);
    }

    /** The unpacked server binaries, kept between runs so that only the first run pays for unpacking. */
    private static Path binariesDir() throws IOException {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = root.resolve("session-console").resolve(BINARIES_VERSION);
        Files.createDirectories(dir);
        return dir;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
