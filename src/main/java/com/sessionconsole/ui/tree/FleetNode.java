package com.sessionconsole.ui.tree;

import com.sessionconsole.killsession.Scope;

import java.util.List;

/**
 * One node of the fleet tree: the whole fleet, an instance or a shard, with what the last refresh said.
 *
 * @param id       stable across refreshes: "fleet", the instance id, or the shard key
 * @param sessions sessions listed under this node (-1 before the first answer)
 * @param error    why it could not be read, or null
 */
public record FleetNode(String id, Kind kind, String name, String detail, Scope scope, int sessions, String error,
                        List<FleetNode> children) {

    public enum Kind { FLEET, INSTANCE, SHARD }

    public FleetNode {
        children = List.copyOf(children);
    }

    public FleetNode withError(String why) {
        return new FleetNode(id, kind, name, detail, scope, sessions, why, children);
    }

    public boolean failed() {
        return error != null;
    }

    /** What the tree cell shows. */
    public String label() {
        String count = sessions < 0 ? "" : kind == Kind.INSTANCE ? "  ·  " + sessions
                : "  ·  " + sessions + (sessions == 1 ? " session" : " sessions");
        String trouble = !failed() ? "" : kind == Kind.SHARD ? "  ·  unreachable" : "  ·  " + error;
        return name + count + trouble;
    }
}
