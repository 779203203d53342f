package com.sessionconsole.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;

/**
 * One application session opened on purpose: idle, running a long statement, holding a transaction, or
 * waiting for a lock. Tests kill it through the console and then ask it whether it is still alive.
 *
 * @param running the statement it runs in the background, if any: completes when the statement ends
 */
public record Victim(String shardId, long threadId, String statement, Connection connection,
                     CompletableFuture<Void> running) implements AutoCloseable {

    /** Whether the connection still works (a killed connection fails its next statement). */
    public boolean connectionAlive() {
        if (running != null && !running.isDone()) {
            return true; // busy with its statement; a killed connection ends that statement first
        }
        try (Statement sql = connection.createStatement()) {
            sql.setQueryTimeout(5);
            sql.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops the connection at once, even in the middle of a statement (close() would wait for it to end). */
    @Override
    public void close() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException e) {
            // already gone: that is often the point
        }
    }
}
