package com.sessionconsole.ui.tree;

import com.sessionconsole.killsession.Scope;

import java.util.List;

/**
 * One node of the fleet tree: the whole fleet, an instance or a shard, with what the last refresh said.
 *
 * @param id       stable across refreshes: "fleet", the instance id, or the shard key
 * @param sessions sessions listed under this node (-1 before the first answer)
 * @param running  sessions running a statement (not sleeping, not protected), as the history counts them
 * @param waiting  sessions waiting on a lock
 * @param inError  shards under this node that did not answer (1 for a shard in error)
 * @param error    why it could not be read, or null
 */
public record FleetNode(String id, Kind kind, String name, String detail, Scope scope, int sessions, int running,
                        int waiting, int inError, String error, List<FleetNode> children) {

    public enum Kind { FLEET, INSTANCE, SHARD }

    public FleetNode {
        children = List.copyOf(children);
    }

    public FleetNode withError(String why) {
        return new FleetNode(id, kind, name, detail, scope, sessions, running, waiting, inError, why, children);
    }

    /** The same node with other children (the tree's filter and sort), its own figures unchanged. */
    public FleetNode withChildren(List<FleetNode> shown) {
        return new FleetNode(id, kind, name, detail, scope, sessions, running, waiting, inError, error, shown);
    }

    public boolean failed() {
        return error != null;
    }

    /** What the tree cell shows on its first line. */
    public String label() {
        String count = sessions < 0 ? "" : kind == Kind.SHARD
                ? "  ·  " + sessions + (sessions == 1 ? " session" : " sessions")
                        + (running > 0 ? ", " + running + " running" : "")
                : "";
        String trouble = !failed() ? "" : kind == Kind.SHARD ? "  ·  unreachable" : "";
        return name + count + trouble;
    }

    /**
     * The second line: for an instance or the fleet, sessions, running, waiting on locks and shards in error; for a
     * shard, where it is (its set name and address). Every node has two lines, so the tree's cells are all one
     * height and a refresh of 1,000 shards never makes the tree measure its cells again.
     */
    public String summary() {
        if (kind == Kind.SHARD) {
            return detail;
        }
        if (sessions < 0) {
            return failed() ? error : "";
        }
        String text = sessions + (sessions == 1 ? " session" : " sessions") + "  ·  " + running + " running  ·  "
                + waiting + " waiting on locks";
        return inError == 0 ? text : text + "  ·  " + inError + (inError == 1 ? " shard" : " shards") + " in error";
    }
}
