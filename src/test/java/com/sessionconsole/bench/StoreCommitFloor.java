package com.sessionconsole.bench;

import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.demo.EmbeddedServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The floor under the database audit store's latency on this machine: 32 clients (as ApiBenchmark's 32
 * connections) each commit a one-row transaction in a loop on an embedded MariaDB server of the same settings
 * as the store's, and again each run a {@code SELECT 1}. A signed KillSession commits at least once (its claim
 * and intent) before its KILLs, so no store implementation can answer it faster than this commit, whatever it
 * batches: the figure says what the API benchmark's p99 target asks of the machine.
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.sessionconsole.bench.StoreCommitFloor [-Dexec.args="CLIENTS SECONDS"]}
 */
public final class StoreCommitFloor {
    private StoreCommitFloor() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (EmbeddedFleet store = EmbeddedFleet.start(List.of(new EmbeddedFleet.InstanceSpec("tdsqlshard-floor01",
                "store", 1)), 300)) {
            EmbeddedServer server = store.shards().get(0).server();
            try (Connection admin = server.adminConnection(); Statement sql = admin.createStatement()) {
                sql.execute("CREATE DATABASE IF NOT EXISTS floor");
                sql.execute("CREATE TABLE IF NOT EXISTS floor.t (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                        + " body VARCHAR(255) NOT NULL) ENGINE=InnoDB");
            }
            for (String kind : List.of("warm-up", "commit", "select", "commit", "select")) {
                long[] latencies = run(server, clients, kind.equals("select") ? "SELECT 1"
                        : "INSERT INTO floor.t (body) VALUES (?)", kind.equals("warm-up") ? 3 : seconds);
                if (!kind.equals("warm-up")) {
                    print(kind.equals("commit") ? "one-row autocommit INSERT" : "SELECT 1", latencies, seconds);
                }
            }
        }
        System.exit(0);
    }

    private static long[] run(EmbeddedServer server, int clients, String statement, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long[] samples = new long[Math.max(200_000, 4_000_000 / clients)]; // 32 MB in all: ample here
            perClient.add(samples);
            Connection connection = server.adminConnection();
            Thread thread = new Thread(() -> {
                int n = 0;
                try (connection; PreparedStatement sql = connection.prepareStatement(statement)) {
                    while (!stop.get() && n < samples.length - 1) {
                        if (statement.startsWith("INSERT")) {
                            sql.setString(1, "an intent's worth of text, about the size of an audit row's fields");
                        }
                        long start = System.nanoTime();
                        sql.execute();
                        samples[++n] = System.nanoTime() - start;
                    }
                } catch (Exception e) {
                    System.out.println("a client failed: " + e.getMessage());
                }
                samples[0] = n;
            });
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        int total = 0;
        for (long[] samples : perClient) {
            total += (int) samples[0];
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] samples : perClient) {
            System.arraycopy(samples, 1, all, at, (int) samples[0]);
            at += (int) samples[0];
        }
        Arrays.sort(all);
        return all;
    }

    private static void print(String what, long[] sorted, int seconds) {
        System.out.printf("%-28s %,9.0f per s   p50 %6.2f ms   p99 %6.2f ms%n", what, sorted.length / (double) seconds,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }
}
