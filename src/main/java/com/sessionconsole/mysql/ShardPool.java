package com.sessionconsole.mysql;

import com.mysql.cj.jdbc.JdbcConnection;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.fleet.inventory.ShardConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The small connection pool of one shard entry. It costs the shard no thread: connections are made on the
 * borrower's thread by its {@link ShardConnector} (at most as many at once, over all shards, as the shared
 * handshake permits allow), and
 * one housekeeper shared by every pool retires idle ones ({@link #retire}). It knows the server thread ids of
 * its connections, and records them for the other consoles sharing its audit store, so that no console ever
 * offers to kill one.
 */
final class ShardPool implements AutoCloseable {
    static final int MAX_CONNECTIONS = 5;
    /** The one idle connection a shard keeps between refreshes is retired after this long unused. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);
    /** Connections beyond that one (after a mass kill) are retired sooner. */
    static final Duration EXTRA_IDLE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(30);
    /** A connection idle longer than this is checked (a ping) before it is lent out. */
    private static final long VALIDATE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The shortest read a budget leaves: below it, a healthy shard's answer would be cut off. */
    private static final long MIN_READ_MILLIS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(ShardPool.class);
    private static final AtomicBoolean WARNED_NO_TRANSACTIONS = new AtomicBoolean();

    private final ShardConnector connector;
    private final String shardId;
    private final String endpoint;
    private final MysqlTimeouts timeouts;
    private final ConsoleConnections consoleConnections;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS, true);
    private final Deque<PooledConnection> idle = new ArrayDeque<>(); // guarded by this; the newest first
    private final Set<Long> ownThreadIds = ConcurrentHashMap.newKeySet();
    private boolean closed; // guarded by this
    /** False once the account was refused the transaction list (no PROCESS): sessions are then listed alone. */
    private volatile boolean transactionsReadable = true;

    /**
     * @param handshakes shared by every pool of the process: how many connections may be in the making at once,
     *                   so that a cold start over a large fleet never storms the servers with handshakes
     */
    ShardPool(ShardConfig shard, MysqlTimeouts timeouts, ConsoleConnections consoleConnections, Semaphore handshakes) {
        this.shardId = shard.shardId();
        this.endpoint = shard.endpoint();
        this.timeouts = timeouts;
        this.consoleConnections = consoleConnections;
        this.connector = new ShardConnector(shard, timeouts, handshakes);
    }

    /** A connection with the usual timeouts; the caller closes it to give it back. */
    Connection connection() throws SQLException {
        return borrow().lend(this::giveBack);
    }

    /**
     * A connection whose reads give up within the request's budget (the usual socket timeout is put back when it
     * is given back). Half the budget, because a TLS connection that times out waits once more on close, for
     * the server's close_notify (SSLSocket.close).
     */
    Connection connection(TimeBudget budget) throws SQLException {
        PooledConnection pooled = borrow();
        long millis = Math.max(MIN_READ_MILLIS, budget.millisAtMost(timeouts.socket()) / 2);
        if (millis < timeouts.socket().toMillis()) {
            try {
                pooled.physical().setNetworkTimeout(Runnable::run, (int) millis);
            } catch (SQLException | RuntimeException e) {
                discard(pooled);
                throw e;
            }
        }
        return pooled.lend(this::giveBack);
    }

    private PooledConnection borrow() throws SQLException {
        try {
            if (!slots.tryAcquire(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ShardUnavailable("every connection to " + endpoint + " stayed busy for "
                        + timeouts.connect().toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShardUnavailable("interrupted while waiting for a connection", e);
        }
        try {
            PooledConnection pooled;
            while ((pooled = takeIdle()) != null) {
                if (System.nanoTime() - pooled.idleSinceNanos() < VALIDATE_AFTER_NANOS
                        || pooled.physical().isValid(1)) {
                    return pooled;
                }
                forget(pooled);
            }
            return open();
        } catch (SQLException | RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private synchronized PooledConnection takeIdle() throws SQLException {
        if (closed) {
            throw new ShardUnavailable("the console is shutting down", null);
        }
        return idle.pollFirst();
    }

    /** Makes a connection on this thread, within the shared handshake permits. */
    private PooledConnection open() throws SQLException {
        Connection physical = connector.connect();
        try {
            long id = physical.unwrap(JdbcConnection.class).getId();
            ownThreadIds.add(id);
            consoleConnections.opened(connector.serverName(physical), id);
            return new PooledConnection(physical, id);
        } catch (SQLException | RuntimeException e) {
            physical.close();
            throw e;
        }
    }

    /** A borrower is done: a healthy connection waits for the next one, a broken or old one is closed. */
    private void giveBack(PooledConnection pooled) {
        boolean keep;
        try {
            keep = !pooled.evicted() && !pooled.physical().isClosed()
                    && System.nanoTime() - pooled.openedNanos() < MAX_LIFETIME.toNanos();
            if (keep && pooled.physical().getNetworkTimeout() != timeouts.socket().toMillis()) {
                pooled.physical().setNetworkTimeout(Runnable::run, (int) timeouts.socket().toMillis());
            }
        } catch (SQLException | RuntimeException e) {
            keep = false;
        }
        synchronized (this) {
            if (keep && !closed) {
                pooled.idleSince(System.nanoTime());
                idle.addFirst(pooled);
                slots.release();
                return;
            }
        }
        discard(pooled);
    }

    /**
     * Gives a connection back never to be lent again (a KILL lane that did not answer in time may still be
     * talking on it); it is closed on another thread, since closing a connection to a hung server can wait.
     */
    void evict(Connection lent) {
        if (lent instanceof PooledConnection.Lent) {
            ((PooledConnection.Lent) lent).pooled().evict();
        }
        try {
            lent.close();
        } catch (SQLException e) {
            // given back as evicted: the pool drops it
        }
    }

    private void discard(PooledConnection pooled) {
        if (pooled.evicted()) {
            CompletableFuture.runAsync(() -> forget(pooled));
        } else {
            forget(pooled);
        }
        slots.release();
    }

    /** Closes a connection, then stops protecting its thread id (never the other way round). */
    private void forget(PooledConnection pooled) {
        pooled.closeQuietly();
        ownThreadIds.remove(pooled.threadId());
        String name = connector.server();
        if (name != null) {
            consoleConnections.closed(name, pooled.threadId());
        }
    }

    /**
     * The housekeeper's round: keeps the one newest idle connection for {@link #IDLE_TIMEOUT}, the others for
     * {@link #EXTRA_IDLE_TIMEOUT}, none beyond {@link #MAX_LIFETIME}.
     */
    void retire() {
        long now = System.nanoTime();
        List<PooledConnection> retired = new ArrayList<>();
        synchronized (this) {
            boolean first = true;
            for (Iterator<PooledConnection> it = idle.iterator(); it.hasNext(); ) {
                PooledConnection pooled = it.next();
                Duration limit = first ? IDLE_TIMEOUT : EXTRA_IDLE_TIMEOUT;
                if (now - pooled.idleSinceNanos() > limit.toNanos() || now - pooled.openedNanos() > MAX_LIFETIME.toNanos()) {
                    it.remove();
                    retired.add(pooled);
                } else {
                    first = false;
                }
            }
        }
        retired.forEach(this::forget);
    }

    /** Connections open now, idle or lent out. */
    int openConnections() {
        synchronized (this) {
            return MAX_CONNECTIONS - slots.availablePermits() + idle.size();
        }
    }

    /** {@code host:port}, as the inventory names it. */
    String endpoint() {
        return endpoint;
    }

    /** Whether the thread is one of this pool's own connections. */
    boolean isOwn(long threadId) {
        return ownThreadIds.contains(threadId);
    }

    /** What every console holds now: read once per listing or kill decision. */
    ConsoleConnections.View consoleView() {
        return consoleConnections.current();
    }

    /** Whether the thread is a connection of this console, or of another sharing its audit store. */
    boolean isConsole(ConsoleConnections.View view, long threadId) {
        String name = connector.server();
        return ownThreadIds.contains(threadId) || name != null && view.isConsole(name, threadId);
    }

    boolean transactionsReadable() {
        return transactionsReadable;
    }

    /** The account may not read INNODB_TRX: say so once, and list sessions without transactions from now on. */
    void transactionsUnreadable(String why) {
        if (transactionsReadable) {
            transactionsReadable = false;
            // Once per process: a fleet whose accounts all lack PROCESS would otherwise say it once per shard.
            if (WARNED_NO_TRANSACTIONS.compareAndSet(false, true)) {
                LOG.warn("{} ({}): sessions are listed without their transactions: {} (other shards like it are"
                        + " logged at debug level)", shardId, endpoint, why);
            } else {
                LOG.debug("{} ({}): sessions are listed without their transactions: {}", shardId, endpoint, why);
            }
        }
    }

    /** Whether the server is MariaDB (known after the first connection). */
    boolean mariaDb() {
        return connector.mariaDb();
    }

    /** Closes the idle connections now; those lent out close when they are given back. */
    @Override
    public void close() {
        List<PooledConnection> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(idle);
            idle.clear();
        }
        left.forEach(this::forget);
    }
}
