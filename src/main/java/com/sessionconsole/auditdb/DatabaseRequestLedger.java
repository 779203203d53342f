package com.sessionconsole.auditdb;

import com.sessionconsole.common.Threads;
import com.sessionconsole.killsession.audit.RequestLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The request ledger in {@code sc_request_claim}. Claims that arrive together share one statement on one
 * thread, a multi-row insert that keeps the first claimant of each key; only when a key was there already is
 * it read: held by another process (or by this one under another arrival), it was used before. Expired claims
 * are deleted in the background.
 */
final class DatabaseRequestLedger implements RequestLedger, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRequestLedger.class);
    /** The longest a request waits to learn whether another replica saw it. */
    static final long CLAIM_TIMEOUT_MS = 3_000;
    private static final int MAX_BATCH = 512;
    private static final long SWEEP_EVERY_MS = 30_000;
    private static final int SWEEP_ROWS = 10_000;
    private record Claim(byte[] key, long nowMillis, long expiresAt, CompletableFuture<Long> answer) {
    }

    private static final Claim STOP = new Claim(new byte[0], 0, 0, null);

    private final StoreConnection store;
    private final String location;
    /** This process's mark on its claims; with the arrival time it tells a claim of ours from another's. */
    private final long owner = new SecureRandom().nextLong() & Long.MAX_VALUE;
    private final LinkedBlockingQueue<Claim> queue = new LinkedBlockingQueue<>();
    /** Started by the first claim: a console that serves no API never runs it. */
    private Thread thread; // guarded by this
    private boolean closed; // guarded by this
    private long lastSweep;

    DatabaseRequestLedger(StoreConnection store, String location) {
        this.store = store;
        this.location = location;
    }

    @Override
    public long claim(byte[] key, long nowMillis, long expiresAt) throws IOException {
        if (key.length != 16) {
            throw new IllegalArgumentException("a claim's key is 16 bytes");
        }
        Claim claim = new Claim(key.clone(), nowMillis, expiresAt, new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                throw new IOException(location + ": closed");
            }
            if (thread == null) {
                thread = Threads.daemon(this::loop, "audit-db-claims");
                thread.start();
            }
            queue.add(claim);
        }
        try {
            return claim.answer().get(CLAIM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + location + " about a request", e);
        } catch (TimeoutException e) {
            throw new IOException(location + " did not answer within " + CLAIM_TIMEOUT_MS / 1000 + " s");
        } catch (ExecutionException e) {
            throw new IOException(location + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void loop() {
        List<Claim> batch = new ArrayList<>();
        while (true) {
            try {
                Claim first = queue.poll(SWEEP_EVERY_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                }
            } catch (InterruptedException e) {
                continue; // close() sends STOP instead
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stopping = batch.remove(STOP);
            if (!batch.isEmpty()) {
                try {
                    answer(batch);
                } catch (SQLException | RuntimeException e) {
                    store.broken();
                    for (Claim claim : batch) {
                        claim.answer().completeExceptionally(e);
                    }
                }
                batch.clear();
            }
            if (stopping) {
                break;
            }
            sweepWhenDue();
        }
        List<Claim> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        left.forEach(claim -> claim.answer().completeExceptionally(new SQLException("closed")));
    }

    /**
     * One multi-row INSERT IGNORE for the batch: when it inserts every row, each claim is the first (the common
     * case, one statement). Otherwise the keys it did not insert are read: held by another claim, or expired
     * and not yet swept, then taken over.
     */
    private void answer(List<Claim> batch) throws SQLException {
        Connection connection = store.get();
        connection.setAutoCommit(true);
        int inserted;
        try (PreparedStatement insert = connection.prepareStatement("INSERT IGNORE INTO sc_request_claim (claim,"
                + " first_seen_ms, expires_s, owner) VALUES " + String.join(", ", Collections.nCopies(batch.size(),
                "(?, ?, ?, ?)")))) {
            int at = 1;
            for (Claim claim : batch) {
                insert.setBytes(at++, claim.key());
                insert.setLong(at++, claim.nowMillis());
                insert.setLong(at++, claim.expiresAt());
                insert.setLong(at++, owner);
            }
            inserted = insert.executeUpdate();
        }
        if (inserted == batch.size()) {
            batch.forEach(claim -> claim.answer().complete(FIRST));
            return;
        }
        Map<ByteBuffer, long[]> holders = holders(connection, batch);
        for (Claim claim : batch) {
            long[] holder = holders.get(ByteBuffer.wrap(claim.key()));
            if (holder == null) {
                claim.answer().completeExceptionally(new SQLException("a claim was not kept"));
            } else if (holder[1] == owner && holder[0] == claim.nowMillis()) {
                claim.answer().complete(FIRST);
            } else if (holder[2] < claim.nowMillis() / 1000) {
                claim.answer().complete(takeOver(connection, claim));
            } else {
                claim.answer().complete(holder[0]);
            }
        }
    }

    /** Who holds each key of the batch: {first_seen_ms, owner, expires_s}. */
    private static Map<ByteBuffer, long[]> holders(Connection connection, List<Claim> claims) throws SQLException {
        Map<ByteBuffer, long[]> holders = new HashMap<>();
        try (PreparedStatement read = connection.prepareStatement("SELECT claim, first_seen_ms, owner, expires_s FROM"
                + " sc_request_claim WHERE claim IN (" + String.join(", ", Collections.nCopies(claims.size(), "?"))
                + ")")) {
            for (int i = 0; i < claims.size(); i++) {
                read.setBytes(i + 1, claims.get(i).key());
            }
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    holders.put(ByteBuffer.wrap(rs.getBytes(1)), new long[] {rs.getLong(2), rs.getLong(3),
                            rs.getLong(4)});
                }
            }
        }
        return holders;
    }

    /** A key whose claim expired (the sweep has not deleted it yet) is claimed anew, unless another beat us to it. */
    private long takeOver(Connection connection, Claim claim) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE sc_request_claim SET first_seen_ms = ?,"
                + " owner = ?, expires_s = ? WHERE claim = ? AND expires_s < ?")) {
            update.setLong(1, claim.nowMillis());
            update.setLong(2, owner);
            update.setLong(3, claim.expiresAt());
            update.setBytes(4, claim.key());
            update.setLong(5, claim.nowMillis() / 1000);
            if (update.executeUpdate() == 1) {
                return FIRST;
            }
        }
        long[] holder = holders(connection, List.of(claim)).get(ByteBuffer.wrap(claim.key()));
        return holder == null ? claim.nowMillis() : holder[0];
    }

    /** Deletes expired claims now and then, a bounded number at a time so no claim waits long behind it. */
    private void sweepWhenDue() {
        long now = System.currentTimeMillis();
        if (now - lastSweep < SWEEP_EVERY_MS) {
            return;
        }
        lastSweep = now;
        try (PreparedStatement sweep = store.get().prepareStatement(
                "DELETE FROM sc_request_claim WHERE expires_s < ? LIMIT " + SWEEP_ROWS)) {
            sweep.setLong(1, now / 1000);
            sweep.executeUpdate();
        } catch (SQLException e) {
            store.broken();
            LOG.warn("could not delete expired request claims from {}: {}", location, e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
            queue.add(STOP);
        }
        if (running != null) {
            try {
                running.join(CLAIM_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        store.close();
    }
}
