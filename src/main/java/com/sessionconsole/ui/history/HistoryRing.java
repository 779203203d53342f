package com.sessionconsole.ui.history;

import java.util.Arrays;

/**
 * The last 60 minutes of one node (a shard, an instance or the fleet) in 5 s slots: a ring of primitive arrays of a
 * fixed size, so its memory does not grow with time and recording a refresh allocates nothing.
 * <p>
 * A slot is named by its number, epoch seconds / 5. Refreshes faster than 5 s fold into one slot, which keeps the
 * highest figures seen in it (a peak must not vanish because a calmer refresh followed); kills made in a slot add up.
 * A slot with no refresh in it (auto-refresh off, the shard unreachable) holds nothing: the chart leaves it out.
 */
public final class HistoryRing {
    public static final int SLOT_SECONDS = 5;
    public static final int SLOTS = 60 * 60 / SLOT_SECONDS;
    /** What {@link #value} answers for a figure the slot does not hold. */
    public static final int ABSENT = -1;
    private static final int FIGURES = Figure.values().length;
    private static final int EMPTY = Integer.MIN_VALUE;

    private final int[] slotNumbers = new int[SLOTS];
    private final int[] figures = new int[SLOTS * FIGURES];
    private long newest = EMPTY;
    private long oldest = Long.MAX_VALUE;

    public HistoryRing() {
        Arrays.fill(slotNumbers, EMPTY);
        Arrays.fill(figures, ABSENT);
    }

    public static long slotOf(long epochSecond) {
        return Math.floorDiv(epochSecond, SLOT_SECONDS);
    }

    /** Records a refresh's figures in {@code slot} (the kills entry of {@code values} is ignored). */
    public void record(long slot, int[] values) {
        int at = claim(slot);
        if (at < 0) {
            return;
        }
        int base = at * FIGURES;
        for (Figure figure : Figure.values()) {
            if (figure != Figure.KILLS) {
                int i = figure.ordinal();
                figures[base + i] = Math.max(figures[base + i], values[i]);
            }
        }
    }

    /** Adds kills made in {@code slot}; kills older than the ring's hour are dropped. */
    /** Adds kills to {@code slot}; false when the slot is older than the ring holds. */
    public boolean addKills(long slot, int count) {
        int at = claim(slot);
        if (at >= 0) {
            int i = at * FIGURES + Figure.KILLS.ordinal();
            figures[i] = Math.max(0, figures[i]) + count;
        }
        return at >= 0;
    }

    /** The figure held for {@code slot}, or {@link #ABSENT}. */
    public int value(long slot, Figure figure) {
        int at = Math.floorMod(slot, SLOTS);
        return slotNumbers[at] == slot ? figures[at * FIGURES + figure.ordinal()] : ABSENT;
    }

    /** Whether a refresh landed in {@code slot} (a slot may hold only kills). */
    public boolean sampled(long slot) {
        return value(slot, Figure.SESSIONS) != ABSENT;
    }

    /** The newest slot written, or {@link Long#MIN_VALUE} when none was. */
    public long newest() {
        return newest == EMPTY ? Long.MIN_VALUE : newest;
    }

    /** The oldest slot still held, or {@link Long#MAX_VALUE} when none was written. */
    public long oldest() {
        return newest == EMPTY ? Long.MAX_VALUE : Math.max(oldest, newest - SLOTS + 1);
    }

    /** A copy, for an export written off the FX thread while this ring keeps recording. */
    public HistoryRing copy() {
        HistoryRing copy = new HistoryRing();
        System.arraycopy(slotNumbers, 0, copy.slotNumbers, 0, SLOTS);
        System.arraycopy(figures, 0, copy.figures, 0, figures.length);
        copy.newest = newest;
        copy.oldest = oldest;
        return copy;
    }

    /** The index of {@code slot} in the arrays, cleared if it held an older slot; -1 when it is out of the hour. */
    private int claim(long slot) {
        if (newest != EMPTY && slot <= newest - SLOTS) {
            return -1;
        }
        int at = Math.floorMod(slot, SLOTS);
        if (slotNumbers[at] != slot) {
            slotNumbers[at] = (int) slot;
            Arrays.fill(figures, at * FIGURES, (at + 1) * FIGURES, ABSENT);
        }
        newest = Math.max(newest, slot);
        oldest = Math.min(oldest, slot);
        return at;
    }
}
