package com.sessionconsole.bench;

import com.sessionconsole.demo.ScaleFleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The baseline of a refresh: one open JDBC connection per shard entry, SHOW FULL PROCESSLIST fanned out. */
final class PlainFleet implements AutoCloseable {
    private final List<Connection> connections;
    private final ExecutorService pool;

    private PlainFleet(List<Connection> connections, ExecutorService pool) {
        this.connections = connections;
        this.pool = pool;
    }

    static PlainFleet open(ScaleFleet scale, int parallelism) throws Exception {
        List<Connection> connections = new ArrayList<>();
        for (ScaleFleet.Entry entry : scale.entries()) {
            // The console's transport: the driver's default TLS, the same account.
            connections.add(DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + entry.server().port() + "/",
                    entry.user(), scale.password()));
        }
        return new PlainFleet(connections, Executors.newFixedThreadPool(parallelism));
    }

    /** Every shard's process list, read into rows; the number of rows. */
    int refresh() throws Exception {
        List<Future<Integer>> reads = new ArrayList<>();
        for (Connection connection : connections) {
            reads.add(pool.submit(() -> {
                List<Object[]> rows = new ArrayList<>();
                try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery("SHOW FULL PROCESSLIST")) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8)});
                    }
                }
                return rows.size();
            }));
        }
        int total = 0;
        for (Future<Integer> read : reads) {
            total += read.get();
        }
        return total;
    }

    @Override
    public void close() throws Exception {
        pool.shutdownNow();
        for (Connection connection : connections) {
            connection.close();
        }
    }
}
