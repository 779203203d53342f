package com.sessionconsole.mysql;

import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.LockGraph;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.ShardConfig;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Self-managed MySQL / MariaDB shards of one instance over JDBC: one small pool per shard, made on first use;
 * sessions read by {@link ProcessListReader}, KILLs sent by {@link KillSender}.
 */
public final class MysqlInstanceBackend implements InstanceBackend {
    private final InstanceConfig config;
    private final MysqlTimeouts timeouts;
    private final ConsoleConnections consoleConnections;
    private final Semaphore handshakes;
    private final Consumer<MysqlInstanceBackend> onClose;
    private final ProcessListReader reader;
    private final KillSender sender;
    private final LockGraphReader locks;
    private final ExplainReader plans = new ExplainReader();
    private final Map<String, ShardPool> pools = new ConcurrentHashMap<>();
    private final Map<String, ShardConfig> shardConfigs = new LinkedHashMap<>();
    private volatile boolean closed;

    /**
     * @param lanes              runs the parallel connections of one kill; it must not be the executor the caller
     *                           itself runs on (a bounded pool could then wait on itself)
     * @param consoleConnections where this console records its connections, and learns those of the others
     */
    public MysqlInstanceBackend(InstanceConfig config, MysqlTimeouts timeouts, ExecutorService lanes,
                                ConsoleConnections consoleConnections) {
        this(config, timeouts, lanes, consoleConnections, new Semaphore(MysqlBackends.HANDSHAKES), backend -> { });
    }

    /**
     * @param handshakes shared by every backend of the process: connections in the making at once
     * @param onClose    told when this backend closes (its factory stops looking after its pools)
     */
    MysqlInstanceBackend(InstanceConfig config, MysqlTimeouts timeouts, ExecutorService lanes,
                         ConsoleConnections consoleConnections, Semaphore handshakes,
                         Consumer<MysqlInstanceBackend> onClose) {
        this.config = config;
        this.consoleConnections = consoleConnections;
        this.handshakes = handshakes;
        this.onClose = onClose;
        this.timeouts = timeouts;
        this.reader = new ProcessListReader();
        this.sender = new KillSender(timeouts, lanes);
        this.locks = new LockGraphReader(reader);
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
        try {
            return reader.sessions(shard, pool);
        } catch (SQLException e) {
            throw unreachable(shard, pool, e);
        }
    }

    @Override
    public Map<Long, Session> lookup(Shard shard, Collection<Long> sessionIds, TimeBudget budget)
            throws BackendException {
        ShardPool pool = pool(shard);
        try {
            return reader.lookup(shard, pool, sessionIds, budget);
        } catch (SQLException e) {
            throw unreachable(shard, pool, e);
        }
    }

    /**
     * {@code SHOW FULL PROCESSLIST}, filtered by the caller, costs the server far less than
     * {@code information_schema.PROCESSLIST} (which builds a temporary table per query).
     */
    @Override
    public Map<Long, Session> processList(Shard shard, TimeBudget budget) throws BackendException {
        ShardPool pool = pool(shard);
        try {
            return reader.processList(shard, pool, budget);
        } catch (SQLException e) {
            throw unreachable(shard, pool, e);
        }
    }

    @Override
    public LockGraph lockGraph(Shard shard, TimeBudget budget) throws BackendException {
        ShardPool pool = pool(shard);
        try {
            return locks.read(shard, pool, budget);
        } catch (SQLException e) {
            throw unreachable(shard, pool, e);
        }
    }

    @Override
    public ExplainPlan explain(Shard shard, long sessionId, TimeBudget budget) throws BackendException {
        ShardPool pool = pool(shard);
        try {
            return plans.explain(pool, sessionId, budget);
        } catch (SQLException e) {
            throw unreachable(shard, pool, e);
        }
    }

    @Override
    public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget)
            throws BackendException {
        return orders.isEmpty() ? List.of() : sender.kill(shard, pool(shard), orders, budget);
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
            ShardPool created = pools.computeIfAbsent(shard.shardId(), id -> new ShardPool(shardConfig, timeouts, consoleConnections, handshakes));
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

    /** The shard could not be reached or refused: named with its endpoint and the driver's own reason. */
    static BackendException unreachable(Shard shard, ShardPool pool, SQLException e) {
        return new BackendException("shard " + shard.shardId() + " (" + pool.endpoint() + "): "
                + KillErrors.reason(e), e);
    }

    /** Retires the idle connections of every shard (the shared housekeeper's round). */
    void retireIdle() {
        pools.values().forEach(ShardPool::retire);
    }

    /** Connections this instance holds now, over all its shards. */
    int openConnections() {
        return pools.values().stream().mapToInt(ShardPool::openConnections).sum();
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
        pools.values().forEach(ShardPool::close);
        pools.clear();
    }
}
