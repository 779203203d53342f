package com.sessionconsole.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the server holds at once: those being received and those waiting, read, for a
 * worker. Bodies are read before a worker takes the request (so that a slow sender holds no worker), and each
 * may be up to the body limit; without a bound, thousands of connections each sending a large body would fill
 * the heap. A request whose body does not fit is answered RequestLimitExceeded at once. Ordinary API bodies are
 * well under 1 KiB, so the bound is met only by bodies near the limit in great numbers.
 */
final class BodyBudget {
    private final long limit;
    private final AtomicLong taken = new AtomicLong();

    BodyBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    boolean tryTake(long bytes) {
        if (bytes == 0) {
            return true;
        }
        long now = taken.addAndGet(bytes);
        if (now > limit) {
            taken.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void giveBack(long bytes) {
        taken.addAndGet(-bytes);
    }
}
