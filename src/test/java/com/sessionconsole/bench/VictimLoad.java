package com.sessionconsole.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The application side of a simulated fleet, in a process of its own so that the console is measured alone:
 * for every account listed in the file (a line {@code host port user password}), {@code sessions} sessions of
 * that account: two running a long statement, two idle inside an open transaction with a modified row, the
 * rest idle. Prints {@code ready N} and holds them until its standard input closes.
 */
public final class VictimLoad {
    private VictimLoad() {
    }

    public static void main(String[] args) throws Exception {
        List<String> accounts = Files.readAllLines(Path.of(args[0]));
        int perAccount = Integer.parseInt(args[1]);
        List<Connection> held = new ArrayList<>();
        ExecutorService running = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "victim");
            thread.setDaemon(true);
            return thread;
        });
        for (String line : accounts) {
            String[] field = line.split(" ");
            String url = "jdbc:mysql://" + field[0] + ":" + field[1] + "/app?sslMode=DISABLED&connectTimeout=5000";
            for (int i = 0; i < perAccount; i++) {
                Connection connection = DriverManager.getConnection(url, field[2], field[3]);
                held.add(connection);
                if (i < 2) {
                    running.execute(() -> sleep(connection));
                } else if (i < 4) {
                    connection.setAutoCommit(false);
                    try (Statement sql = connection.createStatement()) {
                        sql.execute("INSERT INTO app.scratch (owner) VALUES (CURRENT_USER())");
                    }
                }
            }
        }
        System.out.println("ready " + held.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the sessions until the benchmark closes our input
        }
        System.exit(0);
    }

    private static void sleep(Connection connection) {
        try (Statement sql = connection.createStatement()) {
            sql.execute("SELECT SLEEP(3600)");
        } catch (SQLException e) {
            // killed, or the load is over
        }
    }
}
