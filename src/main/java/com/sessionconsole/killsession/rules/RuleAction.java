package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillMode;

/**
 * What a round does with its matches.
 *
 * @param mode    kill the connection (default) or only the running statement
 * @param victims every match, or the oldest per shard
 * @param cap     at most this many sessions per round, the longest-running first; the rest wait for the next
 */
public record RuleAction(KillMode mode, Victims victims, int cap) {
    public static final int DEFAULT_CAP = 1000;
    /** A round's kills are audited one request per 100 ids: 100,000 is a thousand requests, and then some. */
    public static final int MAX_CAP = 100_000;
    public static final RuleAction DEFAULT = new RuleAction(KillMode.CONNECTION, Victims.ALL, DEFAULT_CAP);

    public RuleAction {
        mode = mode == null ? KillMode.CONNECTION : mode;
        victims = victims == null ? Victims.ALL : victims;
        if (cap < 1 || cap > MAX_CAP) {
            throw new IllegalArgumentException("cap: " + cap + " (1 to " + MAX_CAP + " sessions per round)");
        }
    }
}
