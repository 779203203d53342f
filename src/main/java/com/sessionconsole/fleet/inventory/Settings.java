package com.sessionconsole.fleet.inventory;

import java.util.Objects;

/** The console's settings, from the inventory's {@code settings} block; every part has a default. */
public record Settings(AuditSettings audit) {
    public static final Settings DEFAULT = new Settings(AuditSettings.DEFAULT);

    public Settings {
        Objects.requireNonNull(audit, "audit");
    }
}
