package com.sessionconsole.fleet.inventory;

import java.util.Objects;

/**
 * The console's settings, from the inventory's {@code settings} block; every part has a default.
 *
 * @param fanOut how many shards a refresh reads at once (and so how many connections a cold start makes at
 *               once); 0 when the inventory does not say, and the process's default applies (16)
 */
public record Settings(AuditSettings audit, int fanOut) {
    public static final Settings DEFAULT = new Settings(AuditSettings.DEFAULT, 0);
    /** The most {@code fanOut} may be: beyond it a refresh would be the connect storm the bound prevents. */
    public static final int MAX_FAN_OUT = 256;

    public Settings {
        Objects.requireNonNull(audit, "audit");
        if (fanOut < 0 || fanOut > MAX_FAN_OUT) {
            throw new IllegalArgumentException("fanOut must be 0 (the default) to " + MAX_FAN_OUT);
        }
    }

    /** The audit settings alone; the fan-out is the default. */
    public Settings(AuditSettings audit) {
        this(audit, 0);
    }
}
