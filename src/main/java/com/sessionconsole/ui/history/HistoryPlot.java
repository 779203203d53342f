package com.sessionconsole.ui.history;

import javafx.collections.ObservableList;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.input.MouseEvent;
import javafx.util.StringConverter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The history pane's two charts on one time axis: counts above, ages (seconds) below, a series per figure, kills as
 * marks. Each refresh appends one point per shown series and drops the points that left the span; the whole span is
 * drawn again only when the node, the span or a series changes.
 */
final class HistoryPlot {
    static final Map<Figure, String> COLOURS = new EnumMap<>(Map.of(Figure.SESSIONS, "#98a2b3",
            Figure.RUNNING, "#2f6fbd", Figure.WAITING, "#e9a23b", Figure.BLOCKING, "#b42318",
            Figure.LONGEST_RUNNING, "#7a5af8", Figure.OLDEST_TRANSACTION, "#0e9384", Figure.KILLS, "#c8372d"));

    private final HistoryViewModel model;
    private final Map<Figure, XYChart.Series<Number, Number>> series = new EnumMap<>(Figure.class);
    private final NumberAxis countTime = timeAxis();
    private final NumberAxis ageTime = timeAxis();
    private final HistoryChart counts = new HistoryChart(countTime, valueAxis("sessions"));
    private final HistoryChart ages = new HistoryChart(ageTime, valueAxis("seconds"));
    private double[] kills = new double[8];

    HistoryPlot(HistoryViewModel model) {
        this.model = model;
        counts.getStyleClass().addAll("history-chart", "history-counts");
        ages.getStyleClass().addAll("history-chart", "history-ages");
        for (Figure figure : Figure.values()) {
            if (figure != Figure.KILLS) {
                XYChart.Series<Number, Number> line = new XYChart.Series<>();
                line.setName(figure.words());
                series.put(figure, line);
                (figure.seconds() ? ages : counts).getData().add(line);
                line.getNode().setStyle("-fx-stroke: " + COLOURS.get(figure) + "; -fx-stroke-width: 1.6;");
            }
        }
    }

    List<HistoryChart> charts() {
        return List.of(counts, ages);
    }

    /** Draws the node's whole span again: another node, span or series. */
    void redraw() {
        axes();
        for (Figure figure : series.keySet()) {
            fill(figure);
        }
        visibility();
        marks();
    }

    /**
     * Puts the span's points into a series, reusing its data items (a chart that removes and adds hundreds of items
     * pays for each; moving an item is one property change).
     */
    void fill(Figure figure) {
        ObservableList<XYChart.Data<Number, Number>> data = series.get(figure).getData();
        if (!model.shownProperty(figure).get()) {
            data.clear();
            return;
        }
        int count = 0;
        List<XYChart.Data<Number, Number>> more = new ArrayList<>();
        for (long slot = model.firstSlot(); slot <= model.lastSlot(); slot++) {
            int value = model.value(slot, figure);
            if (value == HistoryRing.ABSENT) {
                continue;
            }
            long second = slot * HistoryRing.SLOT_SECONDS;
            if (count < data.size()) {
                XYChart.Data<Number, Number> item = data.get(count);
                if (item.getXValue().longValue() != second) {
                    item.setXValue(second);
                }
                if (item.getYValue().intValue() != value) {
                    item.setYValue(value);
                }
            } else {
                more.add(new XYChart.Data<>(second, value));
            }
            count++;
        }
        if (count < data.size()) {
            data.remove(count, data.size());
        } else if (!more.isEmpty()) {
            data.addAll(more);
        }
    }

    /** After a refresh or a kill: the newest slot's point, the span moved on, the marks. */
    void follow() {
        if (model.lastSlot() == Long.MIN_VALUE) {
            return;
        }
        axes();
        long newest = model.lastSlot();
        long firstSecond = model.firstSlot() * HistoryRing.SLOT_SECONDS;
        for (Map.Entry<Figure, XYChart.Series<Number, Number>> each : series.entrySet()) {
            if (!model.shownProperty(each.getKey()).get()) {
                continue;
            }
            ObservableList<XYChart.Data<Number, Number>> data = each.getValue().getData();
            int value = model.value(newest, each.getKey());
            XYChart.Data<Number, Number> last = data.isEmpty() ? null : data.get(data.size() - 1);
            if (value != HistoryRing.ABSENT) {
                if (last != null && last.getXValue().longValue() == newest * HistoryRing.SLOT_SECONDS) {
                    if (last.getYValue().intValue() != value) {
                        last.setYValue(value);
                    }
                } else {
                    data.add(new XYChart.Data<>(newest * HistoryRing.SLOT_SECONDS, value));
                }
            }
            int old = 0;
            while (old < data.size() && data.get(old).getXValue().longValue() < firstSecond) {
                old++;
            }
            if (old > 0) {
                data.remove(0, old);
            }
        }
        marks();
    }

    private void axes() {
        long last = model.lastSlot() == Long.MIN_VALUE ? Instant.now().getEpochSecond() / HistoryRing.SLOT_SECONDS
                : model.lastSlot();
        long first = model.lastSlot() == Long.MIN_VALUE ? last - model.spanProperty().get().slots() + 1 : model.firstSlot();
        double tick = tick((last - first) * HistoryRing.SLOT_SECONDS);
        for (NumberAxis time : new NumberAxis[] {countTime, ageTime}) {
            time.setLowerBound(first * HistoryRing.SLOT_SECONDS);
            time.setUpperBound(last * HistoryRing.SLOT_SECONDS);
            time.setTickUnit(tick);
        }
    }

    /** About six to ten labels on the time axis, at round clock steps. */
    private static double tick(long seconds) {
        for (int step : new int[] {10, 15, 30, 60, 120, 300, 600}) {
            if (seconds / step <= 10) {
                return step;
            }
        }
        return 900;
    }

    void visibility() {
        boolean anyAge = model.shownProperty(Figure.LONGEST_RUNNING).get()
                || model.shownProperty(Figure.OLDEST_TRANSACTION).get();
        ages.setVisible(anyAge);
        ages.setManaged(anyAge);
    }

    /** Kills in the span as marks on both charts (when the kill check box is on). */
    void marks() {
        int count = 0;
        if (model.shownProperty(Figure.KILLS).get() && model.lastSlot() != Long.MIN_VALUE) {
            for (long slot = model.firstSlot(); slot <= model.lastSlot(); slot++) {
                if (model.value(slot, Figure.KILLS) > 0) {
                    if (count == kills.length) {
                        kills = Arrays.copyOf(kills, count * 2);
                    }
                    kills[count++] = slot * HistoryRing.SLOT_SECONDS;
                }
            }
        }
        counts.marks(kills, count);
        ages.marks(kills, count);
    }

    /** The time (epoch seconds) under the pointer, or NaN when it is not over the time axis' span. */
    double timeAt(HistoryChart chart, MouseEvent event) {
        NumberAxis time = (NumberAxis) chart.getXAxis();
        double x = time.sceneToLocal(event.getSceneX(), event.getSceneY()).getX();
        return x < 0 || x > time.getWidth() ? Double.NaN : time.getValueForDisplay(x).doubleValue();
    }

    /** The crosshair on both charts at this time (snapped to its 5 s slot), or hidden for NaN. */
    void crosshair(double at) {
        double snapped = Double.isNaN(at) ? at : Math.round(at / HistoryRing.SLOT_SECONDS) * (double) HistoryRing.SLOT_SECONDS;
        counts.crosshair(snapped);
        ages.crosshair(snapped);
    }

    /** The charts' time axis: epoch seconds, labelled with the local clock time. */
    static NumberAxis timeAxis() {
        NumberAxis axis = new NumberAxis();
        axis.setAutoRanging(false);
        axis.setMinorTickVisible(false);
        axis.setAnimated(false);
        axis.setTickLabelFormatter(new StringConverter<>() {
            private final DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

            @Override
            public String toString(Number seconds) {
                return clock.format(Instant.ofEpochSecond(seconds.longValue()));
            }

            /** The inverse of {@link #toString}: a clock time on the axis, past midnight onto the next day. */
            @Override
            public Number fromString(String text) {
                ZoneId zone = clock.getZone();
                long lower = (long) axis.getLowerBound();
                LocalDate day = Instant.ofEpochSecond(lower).atZone(zone).toLocalDate();
                long seconds = LocalTime.parse(text, clock).atDate(day).atZone(zone).toEpochSecond();
                return seconds < lower ? seconds + 86_400 : seconds;
            }
        });
        return axis;
    }

    private static NumberAxis valueAxis(String label) {
        NumberAxis axis = new NumberAxis();
        axis.setLabel(label);
        axis.setForceZeroInRange(true);
        axis.setAnimated(false);
        axis.setMinorTickVisible(false);
        return axis;
    }
}
