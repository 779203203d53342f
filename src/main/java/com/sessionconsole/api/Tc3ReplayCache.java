package com.sessionconsole.api;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TC3 signatures seen within the signature window, per SecretId, so that a captured request cannot be
 * sent again.
 * <p>
 * Why identical signatures are not all refused: the official SDK signs only Content-Type, Host, the body and
 * X-TC-Timestamp in whole seconds (no nonce; X-TC-RequestClient is neither signed nor unique), so two calls it
 * makes with the same body in the same second carry the very same signature: polling DescribeFlow a few times
 * a second, or killing the same SessionId twice, is done so. A signature therefore stays good for
 * {@link #REPEAT_GRACE_NANOS} after the server first received it (the second it was made in, plus transit) and
 * is refused as a replay from then until its timestamp leaves the window, after which SignatureExpire refuses it.
 * Arrival is taken when the request reached the server, before any wait for a thread.
 * <p>
 * Memory is bounded: entries are dropped once their timestamp has left the window, and a SecretId holds at most
 * {@link #MAX_PER_KEY} of them. When a SecretId's share is full of live entries its new requests are refused
 * (RequestLimitExceeded) rather than the oldest forgotten, since forgetting would quietly let those be replayed;
 * only that SecretId is affected, and one that keeps to the contract's rate limit (20 per second for each of the
 * six actions: some 36,000 requests in 300 s) never fills it.
 */
final class Tc3ReplayCache {
    static final long REPEAT_GRACE_NANOS = 2_000_000_000L;
    static final int MAX_PER_KEY = 100_000;

    enum Verdict { FIRST, REPEAT_IN_GRACE, REPLAY, FULL }

    private record Seen(long arrivedNanos, long expiresEpochSecond) {
    }

    private final long windowSeconds;
    private final int maxPerKey;
    private final Map<String, PerKey> keys = new ConcurrentHashMap<>();

    Tc3ReplayCache(long windowSeconds, int maxPerKey) {
        this.windowSeconds = windowSeconds;
        this.maxPerKey = maxPerKey;
    }

    /** Records a verified signature and says whether the request may go on. */
    Verdict check(String secretId, String signature, long timestamp, long nowSeconds, long arrivedNanos) {
        return keys.computeIfAbsent(secretId, k -> new PerKey())
                .check(signature, timestamp + windowSeconds, nowSeconds, arrivedNanos, maxPerKey);
    }

    int size() {
        return keys.values().stream().mapToInt(PerKey::size).sum();
    }

    private static final class PerKey {
        /** In arrival order, which roughly follows expiry: the head is pruned cheaply, a full sweep when full. */
        private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();
        private long lastSweep = Long.MIN_VALUE;

        synchronized Verdict check(String signature, long expires, long now, long arrived, int max) {
            Seen previous = seen.get(signature);
            if (previous != null && previous.expiresEpochSecond() >= now) {
                return arrived - previous.arrivedNanos() <= REPEAT_GRACE_NANOS ? Verdict.REPEAT_IN_GRACE : Verdict.REPLAY;
            }
            pruneHead(now);
            if (seen.size() >= max && lastSweep != now) {
                // At most one full sweep a second, so a SecretId that keeps its share full costs no more than that.
                lastSweep = now;
                seen.values().removeIf(entry -> entry.expiresEpochSecond() < now);
            }
            if (seen.size() >= max) {
                return Verdict.FULL;
            }
            seen.remove(signature);
            seen.put(signature, new Seen(arrived, expires));
            return Verdict.FIRST;
        }

        private void pruneHead(long now) {
            for (Iterator<Seen> it = seen.values().iterator(); it.hasNext(); ) {
                if (it.next().expiresEpochSecond() >= now) {
                    return;
                }
                it.remove();
            }
        }

        synchronized int size() {
            return seen.size();
        }
    }
}
