package com.sessionconsole.ui.history;

/** The figures the history keeps for each refresh of a shard, an instance or the fleet. */
public enum Figure {
    SESSIONS("Sessions", "sessions", true, false),
    RUNNING("Running", "running", true, false),
    WAITING("Waiting on locks", "waiting", true, false),
    BLOCKING("Blocking", "blocking", true, false),
    LONGEST_RUNNING("Longest running (s)", "longestRunningSeconds", false, true),
    OLDEST_TRANSACTION("Oldest transaction (s)", "oldestTransactionSeconds", false, true),
    KILLS("Kills", "kills", true, false);

    private final String words;
    private final String column;
    private final boolean summed;
    private final boolean seconds;

    Figure(String words, String column, boolean summed, boolean seconds) {
        this.words = words;
        this.column = column;
        this.summed = summed;
        this.seconds = seconds;
    }

    /** What the chart's legend and check boxes say. */
    public String words() {
        return words;
    }

    /** The CSV column name. */
    public String column() {
        return column;
    }

    /** An instance's figure is the sum of its shards' (counts), or their highest (ages). */
    public boolean summed() {
        return summed;
    }

    /** An age in seconds rather than a count: drawn on the chart of ages. */
    public boolean seconds() {
        return seconds;
    }
}
