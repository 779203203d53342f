package com.sessionconsole.api;

import org.junit.jupiter.api.Test;

import static com.sessionconsole.api.Tc3ReplayCache.Verdict.FIRST;
import static com.sessionconsole.api.Tc3ReplayCache.Verdict.FULL;
import static com.sessionconsole.api.Tc3ReplayCache.Verdict.REPEAT_IN_GRACE;
import static com.sessionconsole.api.Tc3ReplayCache.Verdict.REPLAY;
import static org.assertj.core.api.Assertions.assertThat;

/** The replay cache's grace, its per-SecretId bound and its forgetting of what left the window. */
class ApiReplayCacheTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSignatureIsGoodForItsGraceThenAReplayUntilItsTimestampLeavesTheWindow() {
        Tc3ReplayCache cache = new Tc3ReplayCache(300, 10);
        assertThat(cache.check("A", sig(0), 1000, 1000, 0)).isEqualTo(FIRST);
        assertThat(cache.check("A", sig(0), 1000, 1000, 2 * SECOND)).isEqualTo(REPEAT_IN_GRACE);
        assertThat(cache.check("B", sig(0), 1000, 1000, 3 * SECOND)).isEqualTo(FIRST);
        assertThat(cache.check("A", sig(0), 1000, 1003, 3 * SECOND)).isEqualTo(REPLAY);
        assertThat(cache.check("A", sig(0), 1000, 1300, 300 * SECOND)).isEqualTo(REPLAY);
        // At 1301 the request fails as SignatureExpire before it gets here; the entry is no longer needed.
        assertThat(cache.check("A", sig(0), 1000, 1301, 301 * SECOND)).isEqualTo(FIRST);
    }

    @Test
    void aFullShareRefusesNewSignaturesOfThatSecretIdOnlyUntilEntriesExpire() {
        Tc3ReplayCache cache = new Tc3ReplayCache(300, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.check("A", sig(i), 1000 + i, 1000, 0)).isEqualTo(FIRST);
        }
        assertThat(cache.check("A", sig(3), 1000, 1000, 0)).isEqualTo(FULL);
        assertThat(cache.check("A", sig(0), 1000, 1000, 5 * SECOND)).isEqualTo(REPLAY);
        assertThat(cache.check("B", sig(3), 1000, 1000, 0)).isEqualTo(FIRST);

        assertThat(cache.check("A", sig(3), 1001, 1301, 301 * SECOND)).isEqualTo(FIRST);
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void aBusyKeysSignaturesAreAllRememberedAsItsTableGrowsAndForgottenOnceTheyExpire() {
        Tc3ReplayCache cache = new Tc3ReplayCache(300, 100_000);
        // 90,000 signatures over 300 s (300 a second): the table is rebuilt and doubled several times on the way.
        for (int i = 0; i < 90_000; i++) {
            long now = 1000 + i / 300;
            assertThat(cache.check("A", sig(i), now, now, (now - 1000) * SECOND)).isEqualTo(FIRST);
        }
        assertThat(cache.size()).isEqualTo(90_000);
        for (int i = 0; i < 89_000; i += 7) { // each arrived more than 2 s before 1299
            assertThat(cache.check("A", sig(i), 1000 + i / 300, 1299, 299 * SECOND)).as("signature %d", i)
                    .isEqualTo(REPLAY);
        }
        // The share is full: another 10,000 fit, the one after is refused until the first ones have expired.
        for (int i = 90_000; i < 100_000; i++) {
            assertThat(cache.check("A", sig(i), 1299, 1299, 299 * SECOND)).isEqualTo(FIRST);
        }
        assertThat(cache.check("A", sig(100_000), 1299, 1299, 299 * SECOND)).isEqualTo(FULL);
        // At 1302 the first three seconds' worth (timestamps 1000 and 1001) have left the window.
        assertThat(cache.check("A", sig(100_000), 1302, 1302, 302 * SECOND)).isEqualTo(FIRST);
        assertThat(cache.size()).isEqualTo(100_000 - 600 + 1);
        assertThat(cache.check("A", sig(700), 1002, 1302, 302 * SECOND)).isEqualTo(REPLAY);
        assertThat(cache.check("A", sig(5), 1000, 1302, 302 * SECOND)).as("expired, so new again").isEqualTo(FIRST);
    }

    /** A distinct 64-hex-digit signature, shaped like an HMAC-SHA256 (the cache keys on its first 128 bits). */
    private static String sig(int n) {
        long mixed = n * 0x9E3779B97F4A7C15L;
        return String.format("%016x%016x%032x", mixed, Long.reverse(mixed) ^ n, n);
    }
}
