package com.sessionconsole.killsession.audit;

import java.io.IOException;

/**
 * The signed requests already used, kept where every {@code serve} replica sharing the audit store sees them: a
 * request captured on its way to one replica is refused by the others within its signature window.
 * Thread-safe; a claim waits for the store for a bounded time.
 */
public interface RequestLedger {
    /** The answer of a claim that no process made before: this request is the first use. */
    long FIRST = -1;

    /**
     * Claims a request's key for this process until it expires.
     *
     * @param key         16 bytes that name the request (a digest of its SecretId and signature or nonce)
     * @param nowMillis   when this process received it (wall clock)
     * @param expiresAt   the epoch second after which the request would be refused as expired anyway
     * @return {@link #FIRST}, or when the process that first claimed it received it (wall clock millis)
     * @throws IOException when the store cannot answer in time
     */
    long claim(byte[] key, long nowMillis, long expiresAt) throws IOException;
}
