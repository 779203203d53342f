package com.sessionconsole.ui.locks;

import com.sessionconsole.fleet.LockWait;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.LockChain;
import com.sessionconsole.killsession.LockNode;
import com.sessionconsole.killsession.ShardLockChains;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the lock chains tree, with the text of each column: a shard (its chains below it), or a session of
 * a chain (the sessions waiting for it below it).
 *
 * @param chain the chain the line belongs to; null for a shard
 * @param node  the session; null for a shard
 */
public record LockRow(ShardLockChains shard, LockChain chain, LockNode node, List<LockRow> children) {

    public LockRow {
        children = List.copyOf(children);
    }

    /** A shard's line, with a tree of lines for each of its chains. */
    static LockRow of(ShardLockChains shard) {
        List<LockRow> chains = new ArrayList<>();
        for (LockChain chain : shard.chains()) {
            chains.add(session(shard, chain, chain.root()));
        }
        return new LockRow(shard, null, null, chains);
    }

    private static LockRow session(ShardLockChains shard, LockChain chain, LockNode node) {
        List<LockRow> below = new ArrayList<>();
        node.waiters().forEach(waiter -> below.add(session(shard, chain, waiter)));
        return new LockRow(shard, chain, node, below);
    }

    public boolean isShard() {
        return node == null;
    }

    /** Whether this line is the top of its chain. */
    public boolean isTop() {
        return node != null && node == chain.root();
    }

    /** What names this line across reloads: the shard, and the session with the chain it sits in. */
    String key() {
        return shard.shard().key() + (node == null ? "" : " " + chain.root().sessionId() + " " + node.sessionId());
    }

    public String sessionText() {
        if (isShard()) {
            return shard.shard().shardId();
        }
        return "Session " + node.sessionId();
    }

    public String chainText() {
        if (isShard()) {
            int n = shard.chains().size();
            return n + (n == 1 ? " chain" : " chains");
        }
        if (!isTop()) {
            return "waits";
        }
        switch (chain.kind()) {
            case ROOT_BLOCKER:
                return node.session() != null && node.session().isProtected() ? "root blocker (protected)" : "root blocker";
            case DEADLOCK:
                return "deadlock (the server breaks it)";
            default:
                return "waits; holder not named";
        }
    }

    /** How many sessions the root's kill frees; empty elsewhere. */
    public String freesText() {
        return isTop() && chain.kind() == LockChain.Kind.ROOT_BLOCKER ? String.valueOf(chain.frees()) : "";
    }

    public Long waitSeconds() {
        return node == null ? null : node.waitSeconds();
    }

    /** The lock a waiter waits for. */
    public String waitsForText() {
        if (isShard()) {
            return "";
        }
        LockWait wait = node.lockWait();
        if (wait == null) {
            return "";
        }
        String holder = wait.blockerId() == null ? " (the server does not say who holds it)"
                : isTop() ? " held by session " + wait.blockerId() : "";
        String also = node.alsoWaitsFor().isEmpty() ? "" : "; also waits for session "
                + String.join(", ", node.alsoWaitsFor().stream().map(String::valueOf).toList());
        return wait.describe() + holder + also;
    }

    public Long transactionAge() {
        return node == null ? null : node.transactionAge();
    }

    public String userAtHost() {
        Session s = session();
        if (node != null && s == null) {
            return "(not in the process list)";
        }
        return s == null ? "" : s.user() + "@" + s.host();
    }

    public String command() {
        Session s = session();
        return s == null ? "" : s.command() + (s.state() == null || s.state().isBlank() ? "" : ": " + s.state());
    }

    /** A session's statement; for a shard, where its locks were read (the widest column says it in full). */
    public String statement() {
        if (isShard()) {
            return "read from " + String.join("; ", shard.sources());
        }
        Session s = session();
        return s == null ? "" : s.statementOneLine();
    }

    public Session session() {
        return node == null ? null : node.session();
    }
}
