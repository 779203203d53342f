package com.sessionconsole.api;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The v1 Nonces seen within the signature window. A v1 request is accepted while its Timestamp is within
 * {@code windowSeconds} of the server's clock, so a Nonce is remembered until then: a replay inside the
 * window is refused here, a replay after it fails as SignatureExpire.
 */
final class NonceCache {
    private static final int PRUNE_EVERY = 1024;

    private final long windowSeconds;
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final AtomicInteger inserts = new AtomicInteger();

    NonceCache(long windowSeconds) {
        this.windowSeconds = windowSeconds;
    }

    /** True the first time this SecretId uses this Nonce within the window; false for a replay. */
    boolean firstUse(String secretId, String nonce, long timestamp, long nowSeconds) {
        long expiry = Math.max(timestamp, nowSeconds) + windowSeconds;
        String key = secretId + "\n" + nonce;
        boolean[] fresh = {false};
        expiries.compute(key, (k, previous) -> {
            if (previous == null || previous < nowSeconds) {
                fresh[0] = true;
                return expiry;
            }
            return previous;
        });
        if (fresh[0] && inserts.incrementAndGet() % PRUNE_EVERY == 0) {
            prune(nowSeconds);
        }
        return fresh[0];
    }

    private void prune(long nowSeconds) {
        for (Iterator<Long> it = expiries.values().iterator(); it.hasNext(); ) {
            if (it.next() < nowSeconds) {
                it.remove();
            }
        }
    }

    int size() {
        return expiries.size();
    }
}
