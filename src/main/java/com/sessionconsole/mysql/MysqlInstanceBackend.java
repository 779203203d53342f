package com.sessionconsole.mysql;

import com.sessionconsole.fleet.BackendException;
import com.sessionconsole.fleet.FollowUp;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceBackend;
import com.sessionconsole.fleet.InstanceConfig;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.ShardConfig;
import com.sessionconsole.fleet.Transaction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Self-managed MySQL / MariaDB shards over JDBC: one small pool per shard, created on first use.
 *
 * <p>Listing uses {@code SHOW FULL PROCESSLIST} (the cheapest complete source, about 2.3 times cheaper than
 * {@code information_schema.PROCESSLIST}) plus {@code INNODB_TRX}, and asks for lock waits only when some
 * transaction waits. Every statement carries only numeric ids that were validated as {@code long}.
 */
public final class MysqlInstanceBackend implements InstanceBackend {
    /**
     * How many connections of one shard kill at once, across all concurrent requests; the pool keeps two more
     * for listings and lookups, so a mass kill never starves a refresh.
     */
    static final int KILL_CONNECTIONS = ShardPool.MAX_CONNECTIONS - 2;
    /** KILLs sent in one round trip: each one costs the server little, the round trip costs both sides. */
    static final int KILLS_PER_ROUND_TRIP = 25;

    private static final String TRX_SQL = "SELECT trx_mysql_thread_id, trx_started, trx_rows_modified,"
            + " trx_rows_locked, trx_state, TIMESTAMPDIFF(SECOND, trx_started, NOW()) AS age"
            + " FROM information_schema.INNODB_TRX";
    private static final String WAITS_INFORMATION_SCHEMA = "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id"
            + " FROM information_schema.INNODB_LOCK_WAITS w"
            + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
            + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id";
    private static final String WAITS_PERFORMANCE_SCHEMA = "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id"
            + " FROM performance_schema.data_lock_waits w"
            + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID"
            + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID";

    private final InstanceConfig config;
    private final MysqlTimeouts timeouts;
    private final ExecutorService fanOut;
    private final Map<String, ShardPool> pools = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> killLanes = new ConcurrentHashMap<>();
    private final Map<String, SharedRead<Map<Long, Session>>> liveReads = new ConcurrentHashMap<>();
    private final Map<String, ShardConfig> shardConfigs = new LinkedHashMap<>();
    private volatile boolean closed;

    /**
     * @param fanOut runs the parallel connections of one kill batch; it must not be the executor the caller
     *               itself runs on (a bounded pool could then wait on itself)
     */
    public MysqlInstanceBackend(InstanceConfig config, MysqlTimeouts timeouts, ExecutorService fanOut) {
        this.config = config;
        this.timeouts = timeouts;
        this.fanOut = fanOut;
        for (ShardConfig shard : config.shards()) {
            shardConfigs.put(shard.shardId(), shard);
        }
    }

    @Override
    public List<Instance> describe() {
        List<Shard> shards = new ArrayList<>();
        for (ShardConfig shard : config.shards()) {
            shards.add(new Shard(config.id(), shard.shardId(), shard.shardSerialId(), shard.endpoint(), "configured"));
        }
        return List.of(new Instance(config.id(), config.name(), config.kind(), "configured", config.region(), shards));
    }

    @Override
    public List<Session> sessions(Shard shard) throws BackendException {
        ShardPool pool = pool(shard);
        try (Connection connection = pool.connection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeouts.querySeconds());
            Map<Long, Transaction> transactions = new HashMap<>();
            boolean anyWaiting = false;
            List<Object[]> rows = new ArrayList<>();
            // Both in one round trip (fixed text, no user input): the sessions and their transactions.
            if (!statement.execute("SHOW FULL PROCESSLIST;" + TRX_SQL)) {
                throw new SQLException("the answer held no process list");
            }
            try (ResultSet rs = statement.getResultSet()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8)});
                }
            }
            if (!statement.getMoreResults()) {
                throw new SQLException("the answer held no transaction list");
            }
            try (ResultSet rs = statement.getResultSet()) {
                while (rs.next()) {
                    Transaction trx = transaction(rs);
                    transactions.put(rs.getLong(1), trx);
                    anyWaiting |= trx.waitingForLock();
                }
            }
            Map<Long, Long> blockers = anyWaiting ? blockers(pool, statement) : Map.of();
            List<Session> sessions = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                long id = (Long) row[0];
                sessions.add(new Session(shard, id, (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], (Long) row[5], (String) row[6], (String) row[7], null,
                        transactions.get(id), blockers.get(id), pool.isOwn(id), null));
            }
            return sessions;
        } catch (SQLException e) {
            throw unreachable(shard, e);
        }
    }

    @Override
    public Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds) throws BackendException {
        if (sessionIds.isEmpty()) {
            return Map.of();
        }
        ShardPool pool = pool(shard);
        try (Connection connection = pool.connection()) {
            String columns = pool.mariaDb() ? "ID, USER, HOST, DB, COMMAND, TIME, STATE, INFO, QUERY_ID"
                    : "ID, USER, HOST, DB, COMMAND, TIME, STATE, INFO";
            String sql = "SELECT " + columns + " FROM information_schema.PROCESSLIST WHERE ID IN ("
                    + "?,".repeat(sessionIds.size() - 1) + "?)";
            Map<Long, Session> found = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setQueryTimeout(timeouts.querySeconds());
                int index = 1;
                for (long id : sessionIds) {
                    statement.setLong(index++, id);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        Long queryId = pool.mariaDb() ? rs.getLong(9) : null;
                        found.put(id, new Session(shard, id, rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), queryId, null,
                                null, pool.isOwn(id), null));
                    }
                }
            }
            if (!found.isEmpty()) {
                String trxSql = TRX_SQL + " WHERE trx_mysql_thread_id IN (" + "?,".repeat(found.size() - 1) + "?)";
                try (PreparedStatement statement = connection.prepareStatement(trxSql)) {
                    statement.setQueryTimeout(timeouts.querySeconds());
                    int index = 1;
                    for (long id : found.keySet()) {
                        statement.setLong(index++, id);
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            Session session = found.get(rs.getLong(1));
                            found.put(session.id(), withTransaction(session, transaction(rs)));
                        }
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw unreachable(shard, e);
        }
    }

    /**
     * For KILL CONNECTION: {@code SHOW FULL PROCESSLIST}, filtered here, costs the server far less than
     * {@code information_schema.PROCESSLIST} (which builds a temporary table per query); a QUERY kill needs
     * the query id that only the latter shows on MariaDB. Kills of one shard share reads, but never one that
     * began before their request arrived ({@link SharedRead}); the follow-ups of the kills sharing a read run
     * right after it, on the thread that read.
     */
    @Override
    public <R> R lookupForKill(Shard shard, Collection<Long> sessionIds, KillMode mode, long askedNanos,
                               Function<Map<Long, Session>, CompletableFuture<R>> then, long thenMillis)
            throws BackendException {
        if (mode == KillMode.QUERY || sessionIds.isEmpty()) {
            return FollowUp.await(then.apply(lookup(shard, sessionIds)), thenMillis);
        }
        ShardPool pool = pool(shard);
        SharedRead<Map<Long, Session>> shared = liveReads.computeIfAbsent(shard.shardId(), id -> new SharedRead<>());
        try {
            return shared.read(() -> processList(shard, pool), askedNanos, timeouts.socket().toMillis(),
                    BackendException.class, all -> then.apply(only(all, sessionIds)), thenMillis);
        } catch (TimeoutException e) {
            throw new BackendException("shard " + shard.shardId() + ": no process list within "
                    + SharedRead.WAITER_FACTOR * timeouts.socket().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("shard " + shard.shardId() + ": interrupted before any KILL was sent", e);
        }
    }

    private static Map<Long, Session> only(Map<Long, Session> all, Collection<Long> sessionIds) {
        Map<Long, Session> found = new LinkedHashMap<>();
        for (long id : sessionIds) {
            Session session = all.get(id);
            if (session != null) {
                found.put(id, session);
            }
        }
        return found;
    }

    /** Every session of the shard as {@code SHOW FULL PROCESSLIST} shows it, by id (no transactions). */
    private Map<Long, Session> processList(Shard shard, ShardPool pool) throws BackendException {
        Map<Long, Session> all = new HashMap<>();
        try (Connection connection = pool.connection(); Statement statement = connection.createStatement()) {
            // A wedged server can hang a process list on its thread-list locks: cancel it there too.
            statement.setQueryTimeout(timeouts.querySeconds());
            try (ResultSet rs = statement.executeQuery("SHOW FULL PROCESSLIST")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    all.put(id, new Session(shard, id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), null, null, null,
                            pool.isOwn(id), null));
                }
            }
            return Collections.unmodifiableMap(all);
        } catch (SQLException e) {
            throw unreachable(shard, e);
        }
    }

    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders) throws BackendException {
        if (orders.isEmpty()) {
            return List.of();
        }
        ShardPool pool = pool(shard);
        Semaphore lanes = killLanes.computeIfAbsent(shard.shardId(), id -> new Semaphore(KILL_CONNECTIONS));
        // Whole round trips: the orders go out in chunks of up to 25, and no connection is taken for less.
        int chunks = (orders.size() + KILLS_PER_ROUND_TRIP - 1) / KILLS_PER_ROUND_TRIP;
        int wanted = Math.max(1, Math.min(KILL_CONNECTIONS, chunks));
        int held = 0;
        List<Connection> connections = new ArrayList<>();
        Set<Connection> stuck = Set.of();
        try {
            // One lane is worth waiting for; more only if free now (other requests may be killing too).
            // Other requests' KILLs hold the lanes for a round trip or a few: worth a socket timeout's wait.
            if (!lanes.tryAcquire(timeouts.socket().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BackendException("shard " + shard.shardId() + ": every kill connection stayed busy for "
                        + timeouts.socket().toSeconds() + " s", null);
            }
            held = 1;
            while (held < wanted && lanes.tryAcquire()) {
                held++;
            }
            // Check out the connections first: an unreachable shard fails before any KILL is sent.
            for (int i = 0; i < held; i++) {
                try {
                    connections.add(pool.connection());
                } catch (SQLException e) {
                    if (connections.isEmpty()) {
                        throw unreachable(shard, e);
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
            stuck = runLanes(connections, batches, outcomes);
            List<SessionOutcome> result = new ArrayList<>(orders.size());
            for (KillOrder order : orders) {
                result.add(outcomes.getOrDefault(order.sessionId(), new SessionOutcome(order.sessionId(),
                        Outcome.FAILED, "no answer from the shard within " + timeouts.socket().toSeconds()
                        + " s: the outcome is unknown")));
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
            lanes.release(held);
        }
    }

    /** Runs the lanes; returns the connections whose lane did not finish in time. */
    private Set<Connection> runLanes(List<Connection> connections, List<List<KillOrder>> batches,
                                     Map<Long, SessionOutcome> outcomes) {
        if (connections.size() == 1) {
            killBatch(connections.get(0), batches.get(0), outcomes);
            return Set.of();
        }
        Set<Connection> stuck = new HashSet<>();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            Connection connection = connections.get(i);
            List<KillOrder> batch = batches.get(i);
            running.add(fanOut.submit(() -> killBatch(connection, batch, outcomes)));
        }
        long deadline = System.nanoTime() + timeouts.socket().toNanos() * 2;
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

    private void killBatch(Connection connection, List<KillOrder> batch, Map<Long, SessionOutcome> outcomes) {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeouts.querySeconds());
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
            int failed = failedIndex(orders, e);
            if (failed < 0) {
                // Not a KILL's own error: settle only the first, alone, and go on one by one from there.
                outcomes.put(orders.get(0).sessionId(), killOne(statement, orders.get(0)));
                return 1;
            }
            for (int i = 0; i < failed; i++) {
                outcomes.put(orders.get(i).sessionId(), new SessionOutcome(orders.get(i).sessionId(), Outcome.KILLED, ""));
            }
            KillOrder order = orders.get(failed);
            outcomes.put(order.sessionId(), new SessionOutcome(order.sessionId(), classify(e), e.getMessage()));
            return failed + 1;
        }
    }

    /** Which order an error of a multi-statement KILL belongs to, from the id its message names; -1 if unsure. */
    static int failedIndex(List<KillOrder> orders, SQLException e) {
        if (classify(e) == Outcome.FAILED || e.getMessage() == null) {
            return -1;
        }
        java.util.regex.Matcher number = java.util.regex.Pattern.compile("(\\d+)\\D*$").matcher(e.getMessage());
        if (!number.find()) {
            return -1;
        }
        long named = Long.parseLong(number.group(1));
        int found = -1;
        for (int i = 0; i < orders.size(); i++) {
            KillOrder order = orders.get(i);
            long id = order.mode() == KillMode.QUERY && order.queryId() != null ? order.queryId() : order.sessionId();
            if (id == named) {
                if (found >= 0) {
                    return -1; // named twice (a query id equal to a thread id): do not guess
                }
                found = i;
            }
        }
        return found;
    }

    private static SessionOutcome killOne(Statement statement, KillOrder order) {
        try {
            statement.execute(killSql(order));
            return new SessionOutcome(order.sessionId(), Outcome.KILLED, "");
        } catch (SQLException e) {
            return new SessionOutcome(order.sessionId(), classify(e), e.getMessage());
        }
    }

    /** Numbers only: the id and query id are longs, never text from a caller. */
    private static String killSql(KillOrder order) {
        if (order.mode() == KillMode.QUERY) {
            return order.queryId() != null ? "KILL QUERY ID " + order.queryId() : "KILL QUERY " + order.sessionId();
        }
        return "KILL CONNECTION " + order.sessionId();
    }

    /** MySQL's error numbers for KILL, as the DBA knows them. */
    static Outcome classify(SQLException e) {
        switch (e.getErrorCode()) {
            case 1094: // ER_NO_SUCH_THREAD: Unknown thread id
            case 1957: // MariaDB ER_NO_SUCH_QUERY: Unknown query id (the statement already ended)
                return Outcome.ALREADY_GONE;
            case 1095: // ER_KILL_DENIED_ERROR: You are not owner of thread
            case 1227: // ER_SPECIFIC_ACCESS_DENIED_ERROR
                return Outcome.DENIED;
            default:
                return Outcome.FAILED;
        }
    }

    private Map<Long, Long> blockers(ShardPool pool, Statement statement) {
        Map<Long, Long> blockers = new HashMap<>();
        String sql = pool.mariaDb() ? WAITS_INFORMATION_SCHEMA : WAITS_PERFORMANCE_SCHEMA;
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                blockers.merge(rs.getLong(1), rs.getLong(2), Math::min);
            }
        } catch (SQLException e) {
            // Lock-wait tables need extra privileges on some servers: the sessions still list without it.
            if (!pool.mariaDb()) {
                try (ResultSet rs = statement.executeQuery(WAITS_INFORMATION_SCHEMA)) {
                    while (rs.next()) {
                        blockers.merge(rs.getLong(1), rs.getLong(2), Math::min);
                    }
                } catch (SQLException ignored) {
                    return Map.of();
                }
            }
        }
        return blockers;
    }

    private static Session withTransaction(Session s, Transaction trx) {
        return new Session(s.shard(), s.id(), s.user(), s.host(), s.db(), s.command(), s.timeSeconds(), s.state(),
                s.statement(), s.queryId(), trx, s.blockedBy(), s.ownConnection(), s.protectedReason());
    }

    private static Transaction transaction(ResultSet rs) throws SQLException {
        Timestamp started = rs.getTimestamp(2);
        return new Transaction(started == null ? null : started.toInstant(), rs.getLong(6), rs.getLong(3),
                rs.getLong(4), rs.getString(5));
    }

    private ShardPool pool(Shard shard) throws BackendException {
        if (closed) {
            throw new BackendException("the console is shutting down", null);
        }
        ShardConfig shardConfig = shardConfigs.get(shard.shardId());
        if (shardConfig == null) {
            throw new BackendException("instance " + config.id() + " has no shard " + shard.shardId(), null);
        }
        try {
            ShardPool created = pools.computeIfAbsent(shard.shardId(), id -> new ShardPool(shardConfig, timeouts));
            if (closed) {
                // close() ran while we made it: do not leave a pool (and its threads) behind
                pools.remove(shard.shardId(), created);
                created.close();
                throw new BackendException("the console is shutting down", null);
            }
            return created;
        } catch (IllegalStateException e) {
            // The password's variable or file is missing: say which, never the value.
            throw new BackendException("shard " + shard.shardId() + ": " + e.getMessage(), e);
        }
    }

    private BackendException unreachable(Shard shard, SQLException e) {
        String reason = reason(e);
        ShardConfig shardConfig = shardConfigs.get(shard.shardId());
        return new BackendException("shard " + shard.shardId() + " (" + shardConfig.endpoint() + "): "
                + firstLine(reason), e);
    }

    /**
     * What the operator needs to read: the pool's "Connection is not available, request timed out" hides the
     * driver's own reason (connection refused, access denied, unknown host), which it keeps as the cause.
     */
    static String reason(SQLException e) {
        Throwable deepest = e;
        if (e instanceof java.sql.SQLTransientConnectionException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
            while (cause != null) {
                deepest = cause;
                cause = cause.getCause() == cause ? null : cause.getCause();
                if (deepest instanceof SQLException && deepest.getMessage() != null
                        && !deepest.getMessage().startsWith("Communications link failure")) {
                    break; // the driver's own words, e.g. "Access denied for user ..."
                }
            }
        }
        String message = deepest.getMessage();
        if (message == null || message.isBlank()) {
            return deepest.getClass().getSimpleName();
        }
        if (deepest != e && message.startsWith("Communications link failure")) {
            return "cannot connect (" + message.replaceAll("\\s+", " ") + ")";
        }
        return message;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    @Override
    public void close() {
        closed = true;
        pools.values().forEach(ShardPool::close);
        pools.clear();
    }
}
