package com.sessionconsole.killsession;

/**
 * One tree of a shard's lock waits: its top session and everyone waiting for it, directly or down the chain.
 *
 * @param frees   for a root blocker: how many sessions wait for it and for no other root blocker, that is how many
 *                its kill sets going (those further down as the chain unwinds); 0 for the other kinds
 * @param waiting how many sessions the tree holds below its top
 */
public record LockChain(Kind kind, LockNode root, int frees, int waiting) {

    /** What the top of the tree is. */
    public enum Kind {
        /** Holds locks and waits for nobody: the session whose kill frees the chain. */
        ROOT_BLOCKER,
        /** Part of a cycle of waits: a deadlock, which InnoDB (or the lock wait timeout) breaks on its own. */
        DEADLOCK,
        /** Waits for a lock whose holder the server does not name (no metadata lock source on the server). */
        HOLDER_UNKNOWN
    }

    /** The session to kill, for a root blocker. */
    public boolean killable() {
        return kind == Kind.ROOT_BLOCKER && root.session() != null;
    }
}
