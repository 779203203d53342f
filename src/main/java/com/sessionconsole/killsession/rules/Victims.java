package com.sessionconsole.killsession.rules;

import java.util.Locale;

/** Which of a shard's matches a round kills, as pt-kill's {@code --victims}. */
public enum Victims {
    /** Every match (the default). */
    ALL,
    /** Only the longest-running match of each shard. */
    OLDEST;

    public static Victims parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (value) {
            case "all":
                return ALL;
            case "oldest":
                return OLDEST;
            case "all-but-oldest":
                throw new IllegalArgumentException("'all-but-oldest' is pt-kill's; this console kills all or oldest");
            default:
                throw new IllegalArgumentException("'" + text + "' (expected all or oldest)");
        }
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
