package com.sessionconsole.dcdb;

import com.sessionconsole.fleet.inventory.DcdbEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The dcdb API's limit as the console keeps to it: one lane per (SecretId, action), shared by every instance and
 * account entry that uses the SecretId, so that together they never send more than the limit allows.
 *
 * <p>A lane hands out turns (a token bucket kept as the time of the next free turn, GCRA style): one every
 * {@code 1/rate} seconds, with a burst of half a second's worth after a quiet spell. The API's own bucket holds a
 * whole second's worth, so a turn taken here still finds a token there when the network delays one request by up
 * to half a second more than the next. Callers wait in order of {@link Priority}, then of arrival: a kill's calls
 * and the next page of a shard already being read go before the first page of another shard, so a refresh of
 * many shards never leaves one shard's read half done while the others start. A caller whose deadline passes
 * before its turn leaves the queue without taking one.
 *
 * <p>The rate of a SecretId is the lowest that any entry using it configures ({@code rateLimit}, 20 by default).
 * The ticker and the wake-ups are injected so tests decide what "later" is.
 */
final class RateLimits {

    /** Who goes first when several wait for the same lane. */
    enum Priority {
        /** Calls of a kill: the operator waits on them. */
        KILL,
        /** The next page of a read under way. */
        NEXT_PAGE,
        /** The first call of a read (a shard's listing, a discovery). */
        FIRST
    }

    /** Runs a task after a delay (the factory's scheduler in production). */
    @FunctionalInterface
    interface Wakes {
        /** Runs {@code task} after the delay; the answer cancels it (a no-op once it ran). */
        Runnable after(long delayNanos, Runnable task);
    }

    /** A turn that never came: its deadline passed first, nothing was sent. */
    static final class NoTurn extends Exception {
        NoTurn() {
            super(null, null, false, false);
        }
    }

    private final LongSupplier ticker;
    private final Wakes wakes;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicInteger numbering = new AtomicInteger();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong limitAnswers = new AtomicLong();

    RateLimits(LongSupplier ticker, Wakes wakes) {
        this.ticker = ticker;
        this.wakes = wakes;
    }

    /** The account of a SecretId; the SecretId itself is never shown, only {@link Account#key()}. */
    Account account(String secretId) {
        return accounts.computeIfAbsent(secretId, id -> new Account("account " + numbering.incrementAndGet()));
    }

    long now() {
        return ticker.getAsLong();
    }

    /** Counts a call sent, by action (for the benchmark and the tests). */
    void sent(String action) {
        calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    /** Counts a RequestLimitExceeded the API answered. */
    void limited() {
        limitAnswers.incrementAndGet();
    }

    Map<String, Long> sentCalls() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((action, count) -> copy.put(action, count.get()));
        return copy;
    }

    long limitAnswers() {
        return limitAnswers.get();
    }

    /** One SecretId: its rate (the lowest its users configure) and a lane per action. */
    final class Account {
        private final String key;
        private final Map<Object, Integer> rates = new ConcurrentHashMap<>();
        private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

        private Account(String key) {
            this.key = key;
        }

        /** What the console calls this account: never the SecretId. */
        String key() {
            return key;
        }

        /** An entry starts using the account at its configured rate. */
        void use(Object user, int perSecond) {
            rates.put(user, perSecond);
        }

        /** An entry is closed: its rate no longer counts. */
        void release(Object user) {
            rates.remove(user);
        }

        int perSecond() {
            return rates.values().stream().mapToInt(Integer::intValue).min().orElse(DcdbEndpoint.DEFAULT_RATE_LIMIT);
        }

        /**
         * A turn for one call of the action: completes when the call may go, or with {@link NoTurn} once
         * {@code deadline} (on the ticker) passes first. Cancelling it gives the place up.
         */
        CompletableFuture<Void> turn(String action, Priority priority, long deadline) {
            return lanes.computeIfAbsent(action, a -> new Lane(this)).take(priority, deadline);
        }
    }

    private record Waiter(Priority priority, long order, long deadline, CompletableFuture<Void> granted) {
    }

    /** The turns of one action of one account. */
    private final class Lane {
        private final Account account;
        private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((a, b) -> a.priority() != b.priority()
                ? a.priority().compareTo(b.priority()) : Long.compare(a.order(), b.order()));
        private long orders;              // guarded by this
        private long next = Long.MIN_VALUE; // guarded by this: when the next turn is free, if none is saved up
        private long wakeAt = Long.MIN_VALUE; // guarded by this: the wake-up already asked for, if any

        Lane(Account account) {
            this.account = account;
        }

        CompletableFuture<Void> take(Priority priority, long deadline) {
            CompletableFuture<Void> granted = new CompletableFuture<>();
            synchronized (this) {
                waiting.add(new Waiter(priority, orders++, deadline, granted));
            }
            long now = now();
            if (deadline != Long.MAX_VALUE && deadline - now > 0) {
                Runnable cancel;
                try {
                    cancel = wakes.after(deadline - now, () -> {
                        if (granted.completeExceptionally(new NoTurn())) {
                            release(); // its place goes to the next one
                        }
                    });
                } catch (RejectedExecutionException closing) {
                    granted.completeExceptionally(new NoTurn());
                    return granted;
                }
                // Granted or given up first: the deadline's task leaves the scheduler's queue at once, so a busy
                // lane does not keep one queued task per call for its whole deadline.
                granted.whenComplete((ok, failed) -> cancel.run());
            }
            release();
            return granted;
        }

        /** The scheduler is gone (the console is closing): every waiter hears that its turn will not come. */
        private void giveUpAll() {
            List<Waiter> left;
            synchronized (this) {
                left = new ArrayList<>(waiting);
                waiting.clear();
                wakeAt = Long.MIN_VALUE; // that wake-up was never scheduled
            }
            left.forEach(waiter -> waiter.granted().completeExceptionally(new NoTurn()));
        }

        /** Hands out every turn that is due, then asks to be woken for the next one. */
        void release() {
            List<CompletableFuture<Void>> due = new ArrayList<>();
            long wake = -1;
            synchronized (this) {
                long now = now();
                long interval = 1_000_000_000L / account.perSecond();
                long saved = Math.max(1, account.perSecond() / 2);
                while (!waiting.isEmpty()) {
                    Waiter head = waiting.peek();
                    if (head.granted().isDone()) {
                        waiting.poll(); // cancelled, or its deadline passed
                        continue;
                    }
                    if (head.deadline() - now < 0) {
                        waiting.poll();
                        head.granted().completeExceptionally(new NoTurn());
                        continue;
                    }
                    if (next == Long.MIN_VALUE) {
                        next = now;
                    }
                    long free = Math.max(now, next - (saved - 1) * interval);
                    if (free - now > 0) {
                        if (wakeAt == Long.MIN_VALUE || wakeAt - free > 0 || wakeAt - now <= 0) {
                            wakeAt = free;
                            wake = free - now;
                        }
                        break;
                    }
                    waiting.poll();
                    next = Math.max(next, now) + interval;
                    due.add(head.granted());
                }
            }
            if (wake >= 0) {
                try {
                    wakes.after(wake, this::release);
                } catch (RejectedExecutionException closing) {
                    giveUpAll(); // no one would wake them: they hear now that no turn comes
                }
            }
            for (CompletableFuture<Void> turn : due) {
                turn.complete(null); // outside the lock: what waits on it runs now
            }
        }
    }
}
