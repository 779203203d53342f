package com.sessionconsole.fleet;

/**
 * One edge of a shard's waits-for graph: a session waiting for a lock that another session holds (or is ahead of
 * it in the queue for).
 *
 * @param waiterId    the waiting session
 * @param blockerId   the session it waits for; null when the server does not say who holds the lock
 * @param kind        a row lock (InnoDB) or a metadata lock (a table, schema, or the global read lock)
 * @param lockObject  what the lock is on, e.g. {@code app.accounts (PRIMARY)} or {@code table app.orders}; may be
 *                    empty when the server does not say
 * @param mode        the lock requested, in the server's words ({@code X}, {@code EXCLUSIVE}); may be empty
 * @param waitSeconds how long the waiter has waited, or null when unknown
 */
public record LockWait(long waiterId, Long blockerId, Kind kind, String lockObject, String mode, Long waitSeconds) {

    /** Which lock manager the wait is in. */
    public enum Kind {
        ROW("row lock"), METADATA("metadata lock");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** The DBA's words: "row lock", "metadata lock". */
        public String words() {
            return words;
        }
    }

    public LockWait {
        lockObject = lockObject == null ? "" : lockObject;
        mode = mode == null ? "" : mode;
    }

    /** E.g. "row lock X on app.accounts (PRIMARY)" or "metadata lock". */
    public String describe() {
        StringBuilder text = new StringBuilder(kind.words());
        if (!mode.isEmpty()) {
            text.append(' ').append(mode);
        }
        if (!lockObject.isEmpty()) {
            text.append(" on ").append(lockObject);
        }
        return text.toString();
    }
}
