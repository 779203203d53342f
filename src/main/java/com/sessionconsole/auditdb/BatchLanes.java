package com.sessionconsole.auditdb;

import com.sessionconsole.common.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Threads ("lanes") that take what arrives on one queue in batches, each lane with its own connection to the
 * audit database: what arrives while a batch is written waits and goes in the next one, so one statement and one
 * commit serve many callers. With more than one lane, a lane's transaction runs while another's waits for its
 * commit (InnoDB flushes commits that wait together with one write of its log), at the price of smaller batches;
 * the writer and the request ledger use one each, for the reason given at {@link DatabaseWriter#LANES}.
 * <p>
 * Lanes start with the first item, so a console that never writes holds no thread and no connection.
 *
 * @param <T> what is written
 */
final class BatchLanes<T> {
    /** What a lane does with each batch it takes. */
    interface Handler<T> {
        /**
         * Writes {@code batch} (empty when the lane woke after {@code idleMillis} with nothing to do) and answers
         * its items. A thrown exception fails the whole batch through {@link #failed}.
         */
        void write(List<T> batch, StoreConnection store) throws SQLException;

        /** Answers the items of a batch that could not be written, or that arrived after the lanes were closed. */
        void failed(List<T> items, SQLException why);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchLanes.class);
    private static final Object STOP = new Object();

    private final String name;
    private final int lanes;
    private final int maxBatch;
    private final long idleMillis;
    private final Supplier<StoreConnection> connections;
    private final Handler<T> handler;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>(); // guarded by queue
    private volatile boolean closed; // written under queue

    /**
     * @param idleMillis  how long a lane waits for an item before it calls the handler with an empty batch
     * @param connections makes each lane's connection
     */
    BatchLanes(String name, int lanes, int maxBatch, long idleMillis, Supplier<StoreConnection> connections,
               Handler<T> handler) {
        if (lanes < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("at least one lane and one item a batch");
        }
        this.name = name;
        this.lanes = lanes;
        this.maxBatch = maxBatch;
        this.idleMillis = idleMillis;
        this.connections = connections;
        this.handler = handler;
    }

    /** Queues {@code item}; once the lanes are closed it is failed at once. */
    void submit(T item) {
        synchronized (queue) {
            if (!closed) {
                if (threads.isEmpty()) {
                    for (int i = 0; i < lanes; i++) {
                        Thread thread = Threads.daemon(this::lane, name + "-" + (i + 1));
                        threads.add(thread);
                        thread.start();
                    }
                }
                queue.add(item);
                return;
            }
        }
        handler.failed(List.of(item), new SQLException("the audit store is closed"));
    }

    @SuppressWarnings("unchecked")
    private void lane() {
        StoreConnection store = connections.get();
        List<Object> taken = new ArrayList<>();
        List<T> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Object first = closed ? queue.poll() : queue.poll(idleMillis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    taken.add(first);
                }
            } catch (InterruptedException e) {
                continue; // close() sends STOP instead
            }
            queue.drainTo(taken, maxBatch - 1);
            int stops = 0;
            for (Object item : taken) {
                if (item == STOP) {
                    stops++;
                } else {
                    batch.add((T) item);
                }
            }
            taken.clear();
            for (int i = 1; i < stops; i++) {
                queue.add(STOP); // one for each lane: another lane's is handed back
            }
            // A lane also stops once the lanes are closed and it finds nothing left: close() may have given up
            // waiting for it (a hung store) and failed what was queued, STOP items with it.
            stopping = stops > 0 || closed && batch.isEmpty();
            try {
                handler.write(batch, store);
            } catch (Throwable e) {
                // Whatever went wrong (an Error too), the lane answers its batch and goes on: with one lane, a
                // lane that died would leave every later caller waiting for its timeout.
                try {
                    if (!(e instanceof SQLException)) {
                        LOG.error("{}: writing a batch of {} failed", name, batch.size(), e);
                    }
                    store.broken();
                    handler.failed(new ArrayList<>(batch), e instanceof SQLException sql ? sql
                            : new SQLException("internal error: " + e, e));
                } catch (Throwable again) {
                    // nothing more can be done for this batch; its callers' own timeouts answer them
                }
            }
            batch.clear();
        }
        store.close();
    }

    /**
     * Lets each lane write what it holds and stop, waiting up to {@code millis} in all; what is still queued then
     * is failed.
     */
    @SuppressWarnings("unchecked")
    void close(long millis) {
        List<Thread> running;
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            running = List.copyOf(threads);
            running.forEach(thread -> queue.add(STOP));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            for (Thread thread : running) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Object> left = new ArrayList<>();
        queue.drainTo(left);
        List<T> items = new ArrayList<>();
        for (Object item : left) {
            if (item != STOP) {
                items.add((T) item);
            }
        }
        if (!items.isEmpty()) {
            handler.failed(items, new SQLException("the audit store is closed"));
        }
    }
}
