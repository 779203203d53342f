package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;

import java.util.List;

/**
 * What a kill request would do, read from the live shard without sending any KILL: the dry run of the
 * command line and the facts behind the window's confirmation.
 */
public record KillPreview(Shard shard, KillMode mode, List<Item> items) {

    /**
     * One requested session.
     *
     * @param session  its live state, or null when it is gone
     * @param expected KILLED when it would be sent; otherwise the outcome it would get without a KILL
     * @param reason   why it would not be sent, else empty
     */
    public record Item(long sessionId, Session session, Outcome expected, String reason) {
    }

    public KillPreview {
        items = List.copyOf(items);
    }

    /** Rows that a KILL CONNECTION would roll back in all. */
    public long rowsToRollBack() {
        return items.stream().filter(i -> i.expected() == Outcome.KILLED && i.session() != null
                && i.session().transaction() != null).mapToLong(i -> i.session().transaction().rowsModified()).sum();
    }
}
