package com.sessionconsole.mysql;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.TimeBudget;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends KILLs to one instance's shards: several per round trip, over up to {@link #KILL_CONNECTIONS} connections
 * of a shard at once across all concurrent requests (its kill lanes). Only numeric ids ever reach the SQL.
 */
final class KillSender {
    /**
     * How many connections of one shard kill at once, across all concurrent requests; the pool keeps two more
     * for listings and lookups, so a mass kill never starves a refresh.
     */
    static final int KILL_CONNECTIONS = ShardPool.MAX_CONNECTIONS - 2;
    /** KILLs sent in one round trip: each one costs the server little, the round trip costs both sides. */
    static final int KILLS_PER_ROUND_TRIP = 25;

    private final MysqlTimeouts timeouts;
    private final ExecutorService lanesExecutor;
    private final Map<String, Semaphore> lanes = new ConcurrentHashMap<>();

    /**
     * @param lanesExecutor runs the parallel connections of one kill; it must not be the executor the caller
     *                      itself runs on (a bounded pool could then wait on itself)
     */
    KillSender(MysqlTimeouts timeouts, ExecutorService lanesExecutor) {
        this.timeouts = timeouts;
        this.lanesExecutor = lanesExecutor;
    }

    /** Each order's outcome; throws only when the shard cannot be reached, before any KILL was sent. */
    List<SessionOutcome> kill(Shard shard, ShardPool pool, List<KillOrder> orders, TimeBudget budget)
            throws BackendException {
        if (orders.isEmpty()) {
            return List.of();
        }
        Semaphore shardLanes = lanes.computeIfAbsent(shard.shardId(), id -> new Semaphore(KILL_CONNECTIONS));
        // Whole round trips: the orders go out in chunks of up to 25, and no connection is taken for less.
        int chunks = (orders.size() + KILLS_PER_ROUND_TRIP - 1) / KILLS_PER_ROUND_TRIP;
        int wanted = Math.max(1, Math.min(KILL_CONNECTIONS, chunks));
        int held = 0;
        List<Connection> connections = new ArrayList<>();
        Set<Connection> stuck = Set.of();
        try {
            // One lane is worth waiting for; more only if free now (other requests may be killing too).
            // Other requests' KILLs hold the lanes for a round trip or a few: worth a socket timeout's wait.
            long laneWait = budget.millisAtMost(timeouts.socket());
            if (!shardLanes.tryAcquire(laneWait, TimeUnit.MILLISECONDS)) {
                throw new BackendException("shard " + shard.shardId() + ": every kill connection stayed busy for "
                        + laneWait + " ms", null);
            }
            held = 1;
            while (held < wanted && shardLanes.tryAcquire()) {
                held++;
            }
            // Check out the connections first: an unreachable shard fails before any KILL is sent.
            for (int i = 0; i < held; i++) {
                try {
                    connections.add(pool.connection(budget));
                } catch (SQLException e) {
                    if (connections.isEmpty()) {
                        throw MysqlInstanceBackend.unreachable(shard, pool, e);
                    }
                    break; // fewer lanes than hoped: the ones we have take the rest
                }
            }
            List<List<KillOrder>> batches = new ArrayList<>();
            for (int i = 0; i < connections.size(); i++) {
                batches.add(new ArrayList<>());
            }
            for (int chunk = 0; chunk < chunks; chunk++) {
                int from = chunk * KILLS_PER_ROUND_TRIP;
                batches.get(chunk % connections.size())
                        .addAll(orders.subList(from, Math.min(orders.size(), from + KILLS_PER_ROUND_TRIP)));
            }
            Map<Long, SessionOutcome> outcomes = new ConcurrentHashMap<>();
            stuck = runLanes(connections, batches, outcomes, budget);
            List<SessionOutcome> result = new ArrayList<>(orders.size());
            for (KillOrder order : orders) {
                result.add(outcomes.getOrDefault(order.sessionId(), new SessionOutcome(order.sessionId(),
                        Outcome.FAILED, "no answer from the shard in time: the outcome is unknown")));
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("shard " + shard.shardId() + ": interrupted before any KILL was sent", e);
        } finally {
            for (Connection connection : connections) {
                if (stuck.contains(connection)) {
                    pool.evict(connection); // its lane may still be talking on it: never hand it out again
                    continue;
                }
                try {
                    connection.close();
                } catch (SQLException e) {
                    // a pool connection that cannot close is evicted by the pool
                }
            }
            shardLanes.release(held);
        }
    }

    /** Runs the lanes; returns the connections whose lane did not finish in time. */
    private Set<Connection> runLanes(List<Connection> connections, List<List<KillOrder>> batches,
                                     Map<Long, SessionOutcome> outcomes, TimeBudget budget) {
        if (connections.size() == 1) {
            killBatch(connections.get(0), batches.get(0), outcomes);
            return Set.of();
        }
        Set<Connection> stuck = new HashSet<>();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            Connection connection = connections.get(i);
            List<KillOrder> batch = batches.get(i);
            running.add(lanesExecutor.submit(() -> killBatch(connection, batch, outcomes)));
        }
        long deadline = System.nanoTime() + budget.millisAtMost(timeouts.socket().multipliedBy(2)) * 1_000_000;
        boolean interrupted = false;
        for (int i = 0; i < running.size(); i++) {
            Future<?> lane = running.get(i);
            while (true) {
                try {
                    lane.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    lane.cancel(true);
                    stuck.add(connections.get(i));
                    break;
                } catch (InterruptedException e) {
                    // The KILLs are on their way: wait for them rather than report a half-known outcome.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stuck;
    }

    /** Sends a lane's KILLs; its connection's read timeout (within the request's budget) bounds each round trip. */
    private static void killBatch(Connection connection, List<KillOrder> batch, Map<Long, SessionOutcome> outcomes) {
        try (Statement statement = connection.createStatement()) {
            int from = 0;
            while (from < batch.size()) {
                from = killSome(statement, batch.subList(from, Math.min(batch.size(), from + KILLS_PER_ROUND_TRIP)),
                        outcomes) + from;
            }
        } catch (SQLException e) {
            for (KillOrder order : batch) {
                outcomes.putIfAbsent(order.sessionId(),
                        new SessionOutcome(order.sessionId(), Outcome.FAILED, e.getMessage()));
            }
        }
    }

    /**
     * Sends several KILLs in one round trip (a multi-statement of numeric ids only) and returns how many of
     * {@code orders} are settled. The server runs them in order and stops at the first error, and the driver
     * reports that error without saying which statement it was: KILL's errors name the thread or query id,
     * so the orders before it were killed, it gets its error, and the caller sends the rest again.
     */
    private static int killSome(Statement statement, List<KillOrder> orders, Map<Long, SessionOutcome> outcomes)
            throws SQLException {
        if (orders.size() == 1) {
            outcomes.put(orders.get(0).sessionId(), killOne(statement, orders.get(0)));
            return 1;
        }
        StringBuilder sql = new StringBuilder();
        for (KillOrder order : orders) {
            sql.append(sql.length() == 0 ? "" : ";").append(killSql(order));
        }
        try {
            statement.execute(sql.toString());
            orders.forEach(order -> outcomes.put(order.sessionId(), new SessionOutcome(order.sessionId(),
                    Outcome.KILLED, "")));
            return orders.size();
        } catch (SQLException e) {
            int failed = KillErrors.failedIndex(orders, e);
            if (failed < 0) {
                // Not a KILL's own error: settle only the first, alone, and go on one by one from there.
                outcomes.put(orders.get(0).sessionId(), killOne(statement, orders.get(0)));
                return 1;
            }
            for (int i = 0; i < failed; i++) {
                outcomes.put(orders.get(i).sessionId(), new SessionOutcome(orders.get(i).sessionId(), Outcome.KILLED,
                        ""));
            }
            KillOrder order = orders.get(failed);
            outcomes.put(order.sessionId(), new SessionOutcome(order.sessionId(), KillErrors.classify(e),
                    e.getMessage()));
            return failed + 1;
        }
    }

    private static SessionOutcome killOne(Statement statement, KillOrder order) {
        try {
            statement.execute(killSql(order));
            return new SessionOutcome(order.sessionId(), Outcome.KILLED, "");
        } catch (SQLException e) {
            return new SessionOutcome(order.sessionId(), KillErrors.classify(e), e.getMessage());
        }
    }

    /** Numbers only: the id and query id are longs, never text from a caller. */
    private static String killSql(KillOrder order) {
        if (order.mode() == KillMode.QUERY) {
            return order.queryId() != null ? "KILL QUERY ID " + order.queryId() : "KILL QUERY " + order.sessionId();
        }
        return "KILL CONNECTION " + order.sessionId();
    }
}
