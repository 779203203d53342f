package com.sessionconsole.mysql;

import com.sessionconsole.fleet.LockWait;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who waits for whom among metadata locks. performance_schema.metadata_locks lists granted and pending locks
 * but not which holder a pending one waits for: that follows from the server's compatibility matrices
 * (sql/mdl.cc), applied here. A pending lock waits for the granted locks it is incompatible with, and for the
 * pending ones that take precedence over it: SELECTs queue behind a pending ALTER's exclusive lock, not behind
 * the open transaction the ALTER waits for.
 */
final class MetadataLocks {
    /** One metadata lock of one session, as the server lists it. */
    record Held(long sessionId, String objectType, String schema, String name, String lockType, boolean granted) {

        String objectKey() {
            return objectType + "\u0000" + schema + "\u0000" + name;
        }

        /** E.g. "table app.orders", "schema app", "global". */
        String object() {
            String what = objectType.toLowerCase(Locale.ROOT);
            if (schema.isEmpty()) {
                return what;
            }
            return what + " " + (name.isEmpty() ? schema : schema + "." + name);
        }
    }

    /** The lock types of tables and other objects, in the order of the matrices' columns. */
    private static final List<String> OBJECT_TYPES = List.of("SHARED", "SHARED_HIGH_PRIO", "SHARED_READ",
            "SHARED_WRITE", "SHARED_WRITE_LOW_PRIO", "SHARED_UPGRADABLE", "SHARED_READ_ONLY", "SHARED_NO_WRITE",
            "SHARED_NO_READ_WRITE", "EXCLUSIVE");
    /** Row: the lock requested; column: a granted lock; '-' where the request must wait. */
    private static final String[] OBJECT_GRANTED = {"+++++++++-", "+++++++++-", "++++++++--", "++++++----",
        "++++++----", "+++++-+---", "+++--+++--", "+++---+---", "++--------", "----------"};
    /** Row: the lock requested; column: a pending lock that goes first; '-' where the request queues behind it. */
    private static final String[] OBJECT_PENDING = {"+++++++++-", "++++++++++", "++++++++--", "+++++++---",
        "++++++----", "+++++++++-", "+++-++++--", "+++++++++-", "+++++++++-", "++++++++++"};
    /** The scoped locks (global, schema, commit, tablespace): intention exclusive, shared, exclusive. */
    private static final List<String> SCOPED_TYPES = List.of("INTENTION_EXCLUSIVE", "SHARED", "EXCLUSIVE");
    private static final String[] SCOPED_GRANTED = {"+--", "-+-", "---"};
    private static final String[] SCOPED_PENDING = {"+--", "++-", "+++"};
    private static final Set<String> SCOPED_OBJECTS = Set.of("GLOBAL", "SCHEMA", "COMMIT", "TABLESPACE");
    /** Locks held while their owner waits to upgrade them to exclusive (ALTER TABLE and other DDL). */
    private static final Set<String> UPGRADABLE = Set.of("SHARED_UPGRADABLE", "SHARED_NO_WRITE",
            "SHARED_NO_READ_WRITE");

    private MetadataLocks() {
    }

    /**
     * The waits among the locks performance_schema.metadata_locks lists, one edge per waiter and holder.
     *
     * @param waitSeconds how long each session's statement has run: a metadata-lock waiter has waited about that
     */
    static List<LockWait> waits(List<Held> locks, Map<Long, Long> waitSeconds) {
        Set<List<Object>> seen = new LinkedHashSet<>();
        List<LockWait> waits = new ArrayList<>();
        for (Held wanted : locks) {
            if (wanted.granted()) {
                continue;
            }
            for (Held other : locks) {
                if (other.sessionId() == wanted.sessionId() || !other.objectKey().equals(wanted.objectKey())
                        || !waitsFor(wanted, other) || !seen.add(List.of(wanted.sessionId(), other.sessionId()))) {
                    continue;
                }
                waits.add(new LockWait(wanted.sessionId(), other.sessionId(), LockWait.Kind.METADATA, wanted.object(),
                        wanted.lockType(), waitSeconds.get(wanted.sessionId())));
            }
        }
        return waits;
    }

    /** Whether the pending lock {@code wanted} must wait for {@code other} (granted, or pending ahead of it). */
    static boolean waitsFor(Held wanted, Held other) {
        String a = wanted.lockType();
        String b = other.lockType();
        boolean scoped = SCOPED_OBJECTS.contains(wanted.objectType()) || "INTENTION_EXCLUSIVE".equals(a)
                || "INTENTION_EXCLUSIVE".equals(b);
        List<String> types = scoped ? SCOPED_TYPES : OBJECT_TYPES;
        int row = types.indexOf(a);
        int column = types.indexOf(b);
        if (row < 0 || column < 0) {
            // A namespace without a matrix here (MariaDB's backup locks, user locks): locks of one type share,
            // any two different types or an exclusive one do not. An approximation, on the side of naming a holder.
            return !a.equals(b) || "EXCLUSIVE".equals(a);
        }
        String[] matrix = scoped ? (other.granted() ? SCOPED_GRANTED : SCOPED_PENDING)
                : (other.granted() ? OBJECT_GRANTED : OBJECT_PENDING);
        return matrix[row].charAt(column) == '-';
    }

    /**
     * The waits that MariaDB's information_schema.METADATA_LOCK_INFO can show. It lists granted locks only, so
     * the one wait it reveals is a DDL upgrading a lock it holds (shared upgradable, shared no write) to
     * exclusive: that waits for every other holder of the object. Other waiters are not named here.
     *
     * @param waiters the sessions the process list shows waiting for a metadata lock
     */
    static List<LockWait> upgradeWaits(List<Held> granted, Set<Long> waiters, Map<Long, Long> waitSeconds) {
        Set<List<Object>> seen = new LinkedHashSet<>();
        List<LockWait> waits = new ArrayList<>();
        for (Held upgrading : granted) {
            if (!waiters.contains(upgrading.sessionId()) || !UPGRADABLE.contains(upgrading.lockType())) {
                continue;
            }
            for (Held other : granted) {
                if (other.sessionId() != upgrading.sessionId() && other.objectKey().equals(upgrading.objectKey())
                        && seen.add(List.of(upgrading.sessionId(), other.sessionId()))) {
                    waits.add(new LockWait(upgrading.sessionId(), other.sessionId(), LockWait.Kind.METADATA,
                            upgrading.object(), "EXCLUSIVE", waitSeconds.get(upgrading.sessionId())));
                }
            }
        }
        return waits;
    }
}
