package com.sessionconsole.ui.history;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.killsession.FleetSnapshot;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The history pane's state: which node of the tree it charts, over what span, which figures are on, and the values
 * under the pointer. The figures themselves stay in {@link FleetHistory}; the chart reads them slot by slot.
 */
public final class HistoryViewModel {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** How far back the chart looks. */
    public enum Span {
        M5(5), M15(15), M60(60);

        private final int minutes;

        Span(int minutes) {
            this.minutes = minutes;
        }

        public int slots() {
            return minutes * 60 / HistoryRing.SLOT_SECONDS;
        }

        public int minutes() {
            return minutes;
        }

        @Override
        public String toString() {
            return "Last " + minutes + " min";
        }
    }

    /** The shortest time the chart spans: a minute. */
    private static final int MINIMUM_SLOTS = 60 / HistoryRing.SLOT_SECONDS;

    private final FleetHistory history;
    private final StringProperty node = new SimpleStringProperty(FleetHistory.FLEET);
    private final StringProperty title = new SimpleStringProperty("Fleet");
    private final ObjectProperty<Span> span = new SimpleObjectProperty<>(Span.M15);
    private final Map<Figure, BooleanProperty> shown = new EnumMap<>(Figure.class);
    /** Bumped after each recorded refresh and each new kill: the chart then catches up. */
    private final ReadOnlyIntegerWrapper recorded = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper("");

    public HistoryViewModel(FleetHistory history) {
        this.history = history;
        for (Figure figure : Figure.values()) {
            // Sessions and ages stay off at first: running and waiting are what an incident is about.
            boolean on = figure != Figure.SESSIONS && figure != Figure.BLOCKING;
            shown.put(figure, new SimpleBooleanProperty(on));
        }
    }

    /** Records a refresh (before the tree shows it, so its sparklines include it). */
    public void record(FleetSnapshot snapshot) {
        history.record(snapshot);
        recorded.set(recorded.get() + 1);
    }

    /** Counts the kills of the task history's new tasks. */
    public void kills(List<KillTask> tasks) {
        if (history.kills(tasks)) {
            recorded.set(recorded.get() + 1);
        }
    }

    /** Charts this node of the tree from now on. */
    public void show(String nodeId, String nodeTitle) {
        title.set(nodeTitle);
        node.set(nodeId);
    }

    /** The newest slot the chart shows: the newest recorded, whichever node. */
    public long lastSlot() {
        return history.newestSlot();
    }

    /**
     * The oldest slot the chart shows: the span back from the newest, but no further back than the node's first
     * refresh (with a minute at least), so a window opened a few minutes ago fills its chart rather than a corner.
     */
    public long firstSlot() {
        long last = lastSlot();
        long spanFirst = last - span.get().slots() + 1;
        HistoryRing ring = history.ring(node.get());
        if (ring == null || last == Long.MIN_VALUE) {
            return spanFirst;
        }
        return Math.max(spanFirst, Math.min(ring.oldest(), last - MINIMUM_SLOTS + 1));
    }

    /** The figure of the charted node in {@code slot}, or {@link HistoryRing#ABSENT}. */
    public int value(long slot, Figure figure) {
        HistoryRing ring = history.ring(node.get());
        return ring == null ? HistoryRing.ABSENT : ring.value(slot, figure);
    }

    /** Shows the values of the slot nearest {@code epochSecond} in the read-out line; empty when it holds none. */
    public void hover(double epochSecond) {
        long slot = Math.round(epochSecond / HistoryRing.SLOT_SECONDS);
        readout.set(describe(slot));
    }

    public void hoverEnded() {
        readout.set("");
    }

    /** "10:42:15 · running 3 · waiting on locks 1 · …" for one slot of the charted node. */
    String describe(long slot) {
        if (slot < firstSlot() || slot > lastSlot()) {
            return "";
        }
        StringBuilder text = new StringBuilder(CLOCK.format(Instant.ofEpochSecond(slot * HistoryRing.SLOT_SECONDS)));
        boolean any = false;
        for (Figure figure : Figure.values()) {
            int value = value(slot, figure);
            if (value != HistoryRing.ABSENT && (figure != Figure.KILLS || value > 0)) {
                text.append("  ·  ").append(figure.words().replace(" (s)", "")).append(' ').append(value)
                        .append(figure.seconds() ? " s" : "");
                any = true;
            }
        }
        return any ? text.toString() : text + "  ·  not read";
    }

    /** A copy of the charted node's rings and its shards', for an export written off the FX thread. */
    public HistoryCsv export() {
        return HistoryCsv.of(history, node.get());
    }

    public FleetHistory history() {
        return history;
    }

    public StringProperty nodeProperty() {
        return node;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public ObjectProperty<Span> spanProperty() {
        return span;
    }

    public BooleanProperty shownProperty(Figure figure) {
        return shown.get(figure);
    }

    public ReadOnlyIntegerProperty recordedProperty() {
        return recorded.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty readoutProperty() {
        return readout.getReadOnlyProperty();
    }
}
