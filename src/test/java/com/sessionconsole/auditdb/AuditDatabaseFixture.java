package com.sessionconsole.auditdb;

import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.EmbeddedServer;
import com.sessionconsole.fleet.inventory.AuditDatabase;
import com.sessionconsole.fleet.inventory.Secret;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * A MariaDB server of its own for the audit store's tests (one of them stops it), with a database per test and
 * an account that may use only that database.
 */
final class AuditDatabaseFixture implements AutoCloseable {
    static final String PASSWORD_FOR_TESTS = "audit-store-test-pw1";
    private static final String PASSWORD = PASSWORD_FOR_TESTS;
    private final EmbeddedFleet fleet;
    private int databases;

    private AuditDatabaseFixture(EmbeddedFleet fleet) {
        this.fleet = fleet;
    }

    static AuditDatabaseFixture start() throws Exception {
        return new AuditDatabaseFixture(EmbeddedFleet.start(List.of(new EmbeddedFleet.InstanceSpec(
                "tdsqlshard-audit0001", "audit", 1)), 300));
    }

    EmbeddedServer server() {
        return fleet.shards().get(0).server();
    }

    /** A fresh database and its own account, with the rights the store needs (or only SELECT). */
    AuditDatabase newDatabase(boolean fullRights) throws Exception {
        String name = "sc_audit_" + (++databases);
        String user = "audit_" + databases;
        try (Connection admin = server().adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
            sql.execute("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
            sql.execute("GRANT " + (fullRights ? "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX" : "SELECT")
                    + " ON " + name + ".* TO '" + user + "'@'127.0.0.1'");
        }
        return new AuditDatabase("127.0.0.1", server().port(), user, Secret.plain(PASSWORD), name);
    }

    /** Runs a statement as the administrator, in the given database. */
    void admin(String database, String statement) throws Exception {
        try (Connection admin = server().adminConnection()) {
            admin.setCatalog(database);
            try (Statement sql = admin.createStatement()) {
                sql.execute(statement);
            }
        }
    }

    /** The first column of the first row a query answers, as the administrator. */
    String adminQuery(String database, String query) throws Exception {
        try (Connection admin = server().adminConnection()) {
            admin.setCatalog(database);
            try (Statement sql = admin.createStatement(); var rs = sql.executeQuery(query)) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public void close() {
        fleet.close();
    }
}
