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
        assertThat(cache.check("A", "sig", 1000, 1000, 0)).isEqualTo(FIRST);
        assertThat(cache.check("A", "sig", 1000, 1000, 2 * SECOND)).isEqualTo(REPEAT_IN_GRACE);
        assertThat(cache.check("B", "sig", 1000, 1000, 3 * SECOND)).isEqualTo(FIRST);
        assertThat(cache.check("A", "sig", 1000, 1003, 3 * SECOND)).isEqualTo(REPLAY);
        assertThat(cache.check("A", "sig", 1000, 1300, 300 * SECOND)).isEqualTo(REPLAY);
        // At 1301 the request fails as SignatureExpire before it gets here; the entry is no longer needed.
        assertThat(cache.check("A", "sig", 1000, 1301, 301 * SECOND)).isEqualTo(FIRST);
    }

    @Test
    void aFullShareRefusesNewSignaturesOfThatSecretIdOnlyUntilEntriesExpire() {
        Tc3ReplayCache cache = new Tc3ReplayCache(300, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.check("A", "sig" + i, 1000 + i, 1000, 0)).isEqualTo(FIRST);
        }
        assertThat(cache.check("A", "sig3", 1000, 1000, 0)).isEqualTo(FULL);
        assertThat(cache.check("A", "sig0", 1000, 1000, 5 * SECOND)).isEqualTo(REPLAY);
        assertThat(cache.check("B", "sig3", 1000, 1000, 0)).isEqualTo(FIRST);

        assertThat(cache.check("A", "sig3", 1001, 1301, 301 * SECOND)).isEqualTo(FIRST);
        assertThat(cache.size()).isEqualTo(4);
    }
}
