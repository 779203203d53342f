package com.sessionconsole.auditdb;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The request ledger in {@code sc_request_claim}. Claims that arrive together share one statement on one lane
 * ({@link BatchLanes}), a multi-row insert that keeps the first claimant of each key; only when a key was there already is
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

    /** Claim statements of one process in flight at once (why one: {@link DatabaseWriter#LANES}). */
    static final int LANES = 1;

    private final String location;
    /** This process's mark on its claims; with the arrival time it tells a claim of ours from another's. */
    private final long owner = new SecureRandom().nextLong() & Long.MAX_VALUE;
    /** Started by the first claim: a console that serves no API never runs them. */
    private final BatchLanes<Claim> lanes;
    private final AtomicLong lastSweep = new AtomicLong();
    private volatile boolean closed;

    DatabaseRequestLedger(Supplier<StoreConnection> connections, String location) {
        this.location = location;
        this.lanes = new BatchLanes<>("audit-db-claims", LANES, MAX_BATCH, SWEEP_EVERY_MS, connections,
                new BatchLanes.Handler<>() {
                    @Override
                    public void write(List<Claim> batch, StoreConnection store) throws SQLException {
                        if (!batch.isEmpty()) {
                            answer(batch, store.get());
                        }
                        sweepWhenDue(store);
                    }

                    @Override
                    public void failed(List<Claim> claims, SQLException why) {
                        claims.forEach(claim -> claim.answer().completeExceptionally(why));
                    }
                });
    }

    @Override
    public long claim(byte[] key, long nowMillis, long expiresAt) throws IOException {
        if (key.length != 16) {
            throw new IllegalArgumentException("a claim's key is 16 bytes");
        }
        Claim claim = new Claim(key.clone(), nowMillis, expiresAt, new CompletableFuture<>());
        if (closed) {
            throw new IOException(location + ": closed");
        }
        lanes.submit(claim);
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

    /**
     * One multi-row INSERT IGNORE for the batch: when it inserts every row, each claim is the first (the common
     * case, one statement). Otherwise the keys it did not insert are read: held by another claim, or expired
     * and not yet swept, then taken over.
     */
    private void answer(List<Claim> batch, Connection connection) throws SQLException {
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
    private void sweepWhenDue(StoreConnection store) {
        long now = System.currentTimeMillis();
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY_MS || !lastSweep.compareAndSet(last, now)) {
            return; // not due, or another lane sweeps
        }
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
        closed = true;
        lanes.close(CLAIM_TIMEOUT_MS);
    }
}
