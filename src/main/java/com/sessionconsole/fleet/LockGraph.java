package com.sessionconsole.fleet;

import java.util.List;

/**
 * What one shard says about its lock waits: its sessions (with their transactions), who waits for whom, and
 * where the server told it. Read at one moment; the lock chains are built from it.
 *
 * @param sessions    every session of the shard, as a listing shows them
 * @param waits       the waits-for edges; a waiter whose holder the server does not name has one edge with no
 *                    blocker
 * @param sources     how each kind of lock was read, for the operator ("row locks: ...", "metadata locks: ...")
 * @param unavailable why this shard's locks cannot be read at all (a backend without a lock source), else null
 */
public record LockGraph(List<Session> sessions, List<LockWait> waits, List<String> sources, String unavailable) {

    public LockGraph {
        sessions = List.copyOf(sessions);
        waits = List.copyOf(waits);
        sources = List.copyOf(sources);
    }

    /** A shard whose backend has no way to read locks, and why. */
    public static LockGraph unavailable(String why) {
        return new LockGraph(List.of(), List.of(), List.of(), why);
    }
}
