package com.sessionconsole.api;

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
 * <p>
 * An entry is four numbers in one flat array, not objects: a busy server keeps hundreds of thousands of
 * signatures for five minutes, and as objects they would be copied by every young collection until they aged
 * out, which showed as the collector's pauses in the API's p99. The key is the first 128 bits of the signature,
 * an HMAC-SHA256 that was verified before it gets here: nobody without the SecretKey can make two requests whose
 * signatures share those bits, and whoever holds the key can sign new requests anyway.
 */
final class Tc3ReplayCache {
    static final long REPEAT_GRACE_NANOS = 2_000_000_000L;
    static final int MAX_PER_KEY = 100_000;

    enum Verdict { FIRST, REPEAT_IN_GRACE, REPLAY, FULL }

    private final long windowSeconds;
    private final int maxPerKey;
    private final Map<String, PerKey> keys = new ConcurrentHashMap<>();

    Tc3ReplayCache(long windowSeconds, int maxPerKey) {
        this.windowSeconds = windowSeconds;
        this.maxPerKey = maxPerKey;
    }

    /**
     * Records a verified signature and says whether the request may go on.
     *
     * @param signature the signature's hex digits (at least 32), as verified
     */
    Verdict check(String secretId, String signature, long timestamp, long nowSeconds, long arrivedNanos) {
        long high = Long.parseUnsignedLong(signature, 0, 16, 16);
        long low = Long.parseUnsignedLong(signature, 16, 32, 16);
        return keys.computeIfAbsent(secretId, k -> new PerKey(maxPerKey))
                .check(high, low, timestamp + windowSeconds, nowSeconds, arrivedNanos);
    }

    /**
     * Another replica received this signature first, this long before it arrived here: the entry made by
     * {@link #check} takes that earlier arrival, so the grace and the replay check count from it.
     */
    void backdate(String secretId, String signature, long nanosEarlier) {
        PerKey perKey = keys.get(secretId);
        if (perKey != null) {
            perKey.backdate(Long.parseUnsignedLong(signature, 0, 16, 16), Long.parseUnsignedLong(signature, 16, 32, 16),
                    nanosEarlier);
        }
    }

    int size() {
        return keys.values().stream().mapToInt(PerKey::size).sum();
    }

    /**
     * One SecretId's signatures: open addressing with linear probing over a flat {@code long[]}, four longs a
     * slot (the key's two halves, arrival, expiry second). A slot whose expiry is 0 is empty. Nothing is ever
     * deleted in place: when the table is half full it is rebuilt without the expired entries, so probing never
     * meets a tombstone.
     */
    private static final class PerKey {
        private static final int SLOT = 4;
        private static final int FIRST_CAPACITY = 1 << 10;

        private final int max;
        private final int maxCapacity;
        private long[] slots = new long[FIRST_CAPACITY * SLOT];
        private int size;
        private long lastSweep = Long.MIN_VALUE;

        PerKey(int max) {
            this.max = max;
            // Room for the whole share at under half full, so probes stay short.
            this.maxCapacity = Math.max(FIRST_CAPACITY, Integer.highestOneBit(Math.max(1, max) * 2 - 1) << 1);
        }

        synchronized Verdict check(long high, long low, long expires, long now, long arrived) {
            int slot = find(slots, high, low);
            if (slots[slot + 3] != 0) {
                if (slots[slot + 3] >= now) {
                    return arrived - slots[slot + 2] <= REPEAT_GRACE_NANOS ? Verdict.REPEAT_IN_GRACE : Verdict.REPLAY;
                }
                // The same signature, long expired (the request itself would be SignatureExpire): a fresh entry.
                slots[slot + 2] = arrived;
                slots[slot + 3] = expires;
                return Verdict.FIRST;
            }
            if (size >= max || size * 2 >= slots.length / SLOT) {
                if (!makeRoom(now)) {
                    return Verdict.FULL;
                }
                slot = find(slots, high, low);
            }
            slots[slot] = high;
            slots[slot + 1] = low;
            slots[slot + 2] = arrived;
            slots[slot + 3] = expires;
            size++;
            return Verdict.FIRST;
        }

        synchronized void backdate(long high, long low, long nanosEarlier) {
            int slot = find(slots, high, low);
            if (slots[slot + 3] != 0) {
                slots[slot + 2] -= nanosEarlier;
            }
        }

        /**
         * Drops what expired and sizes the table for what is left: larger while the live entries fill a quarter
         * of it, smaller when they fill under a sixteenth, so a sweep comes only after at least a quarter of the
         * table's worth of new entries. False if the share is full of live entries.
         */
        private boolean makeRoom(long now) {
            if (size >= max) {
                // Once the share is full, at most one sweep a second: a SecretId that keeps it full costs no more.
                if (lastSweep == now) {
                    return false;
                }
                lastSweep = now;
            }
            int live = 0;
            for (int i = 3; i < slots.length; i += SLOT) {
                if (slots[i] >= now) {
                    live++;
                }
            }
            int capacity = slots.length / SLOT;
            while (live * 4 >= capacity && capacity < maxCapacity) {
                capacity <<= 1;
            }
            while (capacity > FIRST_CAPACITY && live * 16 < capacity) {
                capacity >>= 1;
            }
            rebuild(now, capacity);
            return size < max && size * 2 < capacity;
        }

        private void rebuild(long now, int capacity) {
            long[] old = slots;
            long[] fresh = new long[capacity * SLOT];
            int kept = 0;
            for (int i = 0; i < old.length; i += SLOT) {
                if (old[i + 3] >= now) {
                    int slot = find(fresh, old[i], old[i + 1]);
                    System.arraycopy(old, i, fresh, slot, SLOT);
                    kept++;
                }
            }
            slots = fresh;
            size = kept;
        }

        /** The slot holding this key, or the empty slot where it would go. */
        private static int find(long[] table, long high, long low) {
            int mask = table.length / SLOT - 1;
            int index = (int) mix(high ^ low) & mask;
            while (table[index * SLOT + 3] != 0
                    && (table[index * SLOT] != high || table[index * SLOT + 1] != low)) {
                index = (index + 1) & mask;
            }
            return index * SLOT;
        }

        private static long mix(long value) {
            // The key is an HMAC, already uniform; this only folds the high bits into the index.
            return value ^ (value >>> 32) ^ (value >>> 17);
        }

        synchronized int size() {
            return size;
        }
    }
}
