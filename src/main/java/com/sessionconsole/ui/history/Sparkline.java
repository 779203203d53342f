package com.sessionconsole.ui.history;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The running sessions of one node over the last 15 minutes, as a small line beside it in the fleet tree. One canvas
 * per tree cell, redrawn when the cell shows another node or a new refresh: only the visible cells draw, so a fleet of
 * 1,000 shards costs what the screen shows. Like the chart, a young history (a window opened minutes ago) spans what
 * it holds, two minutes at least, rather than sitting in the last pixels.
 */
public final class Sparkline extends Canvas {
    public static final int MINUTES = 15;
    private static final int SLOTS = MINUTES * 60 / HistoryRing.SLOT_SECONDS;
    private static final int MINIMUM_SLOTS = 2 * 60 / HistoryRing.SLOT_SECONDS;
    private static final double WIDTH = 60;
    private static final double HEIGHT = 14;
    private static final Color LINE = Color.web("#2f6fbd");
    private static final Color BASE = Color.web("#d0d5dd");

    private int peak;
    private int last = HistoryRing.ABSENT;
    private int drawn;

    public Sparkline() {
        super(WIDTH, HEIGHT);
        getStyleClass().add("sparkline");
    }

    /** Draws the ring's running sessions up to {@code newestSlot}; nothing when there is no ring yet. */
    public void show(HistoryRing ring, long newestSlot) {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, WIDTH, HEIGHT);
        peak = 0;
        last = HistoryRing.ABSENT;
        drawn = 0;
        if (ring == null || newestSlot == Long.MIN_VALUE) {
            return;
        }
        long first = Math.max(newestSlot - SLOTS + 1, Math.min(ring.oldest(), newestSlot - MINIMUM_SLOTS + 1));
        for (long slot = first; slot <= newestSlot; slot++) {
            peak = Math.max(peak, ring.value(slot, Figure.RUNNING));
        }
        g.setStroke(BASE);
        g.setLineWidth(1);
        g.strokeLine(0, HEIGHT - 0.5, WIDTH, HEIGHT - 0.5);
        g.setStroke(LINE);
        g.setLineWidth(1.2);
        double scale = (HEIGHT - 2) / Math.max(1, peak);
        double step = WIDTH / Math.max(1, newestSlot - first);
        boolean drawing = false;
        int points = 0;
        double lastX = 0;
        double lastY = 0;
        g.beginPath();
        for (long slot = first; slot <= newestSlot; slot++) {
            int value = ring.value(slot, Figure.RUNNING);
            if (value == HistoryRing.ABSENT) {
                continue; // a gap: the line joins the refreshes on either side
            }
            double x = (slot - first) * step;
            double y = HEIGHT - 1 - value * scale;
            if (drawing) {
                g.lineTo(x, y);
            } else {
                g.moveTo(x, y);
                drawing = true;
            }
            last = value;
            points++;
            lastX = x;
            lastY = y;
        }
        g.stroke();
        drawn = points;
        if (points == 1) {
            g.setFill(LINE); // one refresh so far: a dot, as a line needs two
            g.fillRect(lastX - 1, lastY - 1, 2.5, 2.5);
        }
    }

    /** The highest running count drawn (the line's top), for the tooltip and the tests. */
    public int peak() {
        return peak;
    }

    /** How many refreshes the line joins. */
    public int points() {
        return drawn;
    }

    /** The newest running count drawn, or {@link HistoryRing#ABSENT}. */
    public int last() {
        return last;
    }
}
