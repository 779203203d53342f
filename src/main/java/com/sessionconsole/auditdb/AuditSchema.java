package com.sessionconsole.auditdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's own tables, made and migrated by the console: versioned scripts ({@code V<n>__<what>.sql} beside
 * this class, listed in {@code migrations.txt}) applied in order, each recorded in {@code sc_schema_version}, so
 * that every console and replica sharing the database agrees on its shape. A newer schema than this build knows
 * is refused: an older console must not write to it.
 */
final class AuditSchema {
    static final int VERSION = 2;

    private AuditSchema() {
    }

    /** Brings the schema to {@link #VERSION}; safe when several processes start at once. */
    static void migrate(Connection connection, String database) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS sc_schema_version (version INT NOT NULL PRIMARY KEY,"
                    + " applied_ms BIGINT NOT NULL) ENGINE=InnoDB");
        } catch (SQLException e) {
            throw rights(e, database);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement sql = connection.createStatement()) {
            // One process migrates at a time: the others wait here, then see the version it reached.
            try (ResultSet lock = sql.executeQuery("SELECT GET_LOCK('session_console_schema', 30)")) {
                if (!lock.next() || lock.getInt(1) != 1) {
                    throw new SQLException("another console held the schema lock of " + database + " for 30 s");
                }
            }
            try {
                int current = version(sql);
                if (current > VERSION) {
                    throw new SQLException(database + " holds audit schema version " + current + ", newer than this"
                            + " console's " + VERSION + ": upgrade the console");
                }
                for (int next = current + 1; next <= VERSION; next++) {
                    for (String statement : script(next)) {
                        sql.execute(statement);
                    }
                    sql.execute("INSERT INTO sc_schema_version (version, applied_ms) VALUES (" + next + ", "
                            + System.currentTimeMillis() + ")");
                    connection.commit();
                }
            } finally {
                sql.execute("DO RELEASE_LOCK('session_console_schema')");
            }
        } catch (SQLException e) {
            connection.rollback();
            throw rights(e, database);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int version(Statement sql) throws SQLException {
        try (ResultSet rs = sql.executeQuery("SELECT COALESCE(MAX(version), 0) FROM sc_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A refusal for want of a right says which rights the store's account needs. */
    private static SQLException rights(SQLException e, String database) {
        int code = e.getErrorCode();
        if (code == 1142 || code == 1044 || code == 1045 || code == 1227) {
            return new SQLException("the audit store's account may not create or use its tables in " + database
                    + " (" + e.getMessage() + "); grant it SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER and INDEX"
                    + " on " + database + ".*", e.getSQLState(), code, e);
        }
        return e;
    }

    /** The statements of one version's script: split on ';' at line ends; '--' lines are comments. */
    static List<String> script(int version) throws SQLException {
        String name = "V" + version + "__";
        String file = null;
        try (InputStream list = AuditSchema.class.getResourceAsStream("migrations.txt")) {
            if (list != null) {
                for (String line : new String(list.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.strip().startsWith(name)) {
                        file = line.strip();
                    }
                }
            }
        } catch (IOException e) {
            throw new SQLException("reading the schema scripts: " + e.getMessage(), e);
        }
        if (file == null) {
            throw new SQLException("no schema script for version " + version);
        }
        String text;
        try (InputStream in = AuditSchema.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new SQLException("missing schema script " + file);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("reading " + file + ": " + e.getMessage(), e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--") || line.isBlank()) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }
}
