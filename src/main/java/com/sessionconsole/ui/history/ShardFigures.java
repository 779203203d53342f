package com.sessionconsole.ui.history;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.ShardSessions;

import java.util.HashSet;
import java.util.Set;

/**
 * One shard's figures in one refresh, computed the same way for the history, the sparklines and the tree's
 * summaries. "Running" is what a DBA means by a busy session: not sleeping, and not protected (replication
 * threads, daemons and the console's own listing connection are busy by nature and would hide the signal).
 */
public final class ShardFigures {
    private ShardFigures() {
    }

    /** Fills {@code into} (indexed by {@link Figure#ordinal()}) with the shard's figures; kills are left at 0. */
    public static void of(ShardSessions answer, int[] into) {
        int running = 0;
        int waiting = 0;
        long longest = 0;
        long oldest = 0;
        Set<Long> blockers = new HashSet<>();
        for (Session session : answer.sessions()) {
            if (running(session)) {
                running++;
                longest = Math.max(longest, session.timeSeconds());
            }
            if (session.waitingForLock()) {
                waiting++;
            }
            if (session.blockedBy() != null) {
                blockers.add(session.blockedBy());
            }
            if (session.transaction() != null) {
                oldest = Math.max(oldest, session.transaction().ageSeconds());
            }
        }
        into[Figure.SESSIONS.ordinal()] = answer.sessions().size();
        into[Figure.RUNNING.ordinal()] = running;
        into[Figure.WAITING.ordinal()] = waiting;
        into[Figure.BLOCKING.ordinal()] = blockers.size();
        into[Figure.LONGEST_RUNNING.ordinal()] = (int) Math.min(Integer.MAX_VALUE, longest);
        into[Figure.OLDEST_TRANSACTION.ordinal()] = (int) Math.min(Integer.MAX_VALUE, oldest);
        into[Figure.KILLS.ordinal()] = 0;
    }

    public static boolean running(Session session) {
        return !session.sleeping() && !session.isProtected();
    }

    /** Adds a shard's figures into an instance's or the fleet's: counts add up, ages take the highest. */
    public static void merge(int[] total, int[] shard) {
        for (Figure figure : Figure.values()) {
            int i = figure.ordinal();
            total[i] = figure.summed() ? total[i] + shard[i] : Math.max(total[i], shard[i]);
        }
    }
}
