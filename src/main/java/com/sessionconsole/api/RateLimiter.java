package com.sessionconsole.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} requests per SecretId and action: a token bucket of that size refilled at that rate,
 * so a burst of {@code perSecond} passes, the next is refused, and a second later the bucket is full again.
 * The ticker is injected so tests decide what "one second later" is.
 */
public final class RateLimiter {
    private final int perSecond;
    private final LongSupplier nanoTicker;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perSecond, LongSupplier nanoTicker) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate limit: must be at least 1 request per second");
        }
        this.perSecond = perSecond;
        this.nanoTicker = nanoTicker;
    }

    public int perSecond() {
        return perSecond;
    }

    /** Takes one token for this SecretId and action; false when none is left. */
    public boolean tryAcquire(String secretId, String action) {
        // Keys are bounded: SecretIds come from the keys file, actions from the server's fixed list.
        Bucket bucket = buckets.computeIfAbsent(secretId + "\n" + action, k -> new Bucket(perSecond, nanoTicker.getAsLong()));
        return bucket.take(perSecond, nanoTicker.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean take(int perSecond, long now) {
            if (now > last) {
                tokens = Math.min(perSecond, tokens + (now - last) * (perSecond / 1e9));
                last = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
