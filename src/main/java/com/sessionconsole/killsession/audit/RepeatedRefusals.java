package com.sessionconsole.killsession.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a flood of refusals from filling the disk: the first refusal of a caller for one reason in an interval
 * is recorded in full, the repeats are counted, and the count is recorded as one record when the interval is
 * over (at the next refusal or when the store closes). A caller is an actor (a SecretId for the API), so the
 * keys are bounded by the keys file and the contract's codes. Not thread-safe: the store guards it. Shared by
 * every store.
 */
public final class RepeatedRefusals {
    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** More callers than this at once (an attacker inventing actors) are recorded one by one, unbounded no more. */
    private static final int MAX_KEYS = 10_000;

    private final Map<String, Window> windows = new LinkedHashMap<>();

    /** One caller's refusals for one reason within an interval. */
    private static final class Window {
        final String actor;
        final String code;
        final Instant from;
        Instant last;
        long repeats;

        Window(String actor, String code, Instant from) {
            this.actor = actor;
            this.code = code;
            this.from = from;
            this.last = from;
        }
    }

    /** The records to write for this refusal: due repeat counts, then the refusal itself unless it is a repeat. */
    public List<RefusalRecord> offer(Refusal refusal) {
        List<RefusalRecord> records = due(refusal.at());
        String key = refusal.actor() + "\n" + refusal.code();
        Window window = windows.get(key);
        if (window != null) {
            window.repeats++;
            window.last = refusal.at();
            return records;
        }
        if (windows.size() < MAX_KEYS) {
            windows.put(key, new Window(refusal.actor(), refusal.code(), refusal.at()));
        }
        records.add(refusal);
        return records;
    }

    /** The counts of the intervals that ended before {@code now}; every count when {@code now} is null. */
    public List<RefusalRecord> due(Instant now) {
        List<RefusalRecord> records = new ArrayList<>();
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window window = it.next();
            if (now == null || !window.from.plus(INTERVAL).isAfter(now)) {
                it.remove();
                if (window.repeats > 0) {
                    records.add(new RefusalRepeats(window.actor, window.code, window.repeats, window.from,
                            window.last));
                }
            }
        }
        return records;
    }
}
