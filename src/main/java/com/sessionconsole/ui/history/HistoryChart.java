package com.sessionconsole.ui.history;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.shape.Line;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line chart on a time axis (epoch seconds) that also draws kills as vertical marks on the time line and a
 * crosshair under the pointer. The marks' lines are kept in a pool and only moved, so a refresh makes no nodes.
 */
final class HistoryChart extends LineChart<Number, Number> {
    private final List<Line> marks = new ArrayList<>();
    private double[] markAt = new double[8];
    private int markCount;
    private final Line crosshair = new Line();
    private double crosshairAt = Double.NaN;

    HistoryChart(NumberAxis time, NumberAxis values) {
        super(time, values);
        setAnimated(false);
        setCreateSymbols(false);
        // The points come in time order: sorting them again at every layout would cost the most of a redraw.
        setAxisSortingPolicy(SortingPolicy.NONE);
        setLegendVisible(false);
        crosshair.getStyleClass().add("history-crosshair");
        crosshair.setManaged(false);
        crosshair.setMouseTransparent(true);
        getPlotChildren().add(crosshair);
    }

    /** Kills at these times (epoch seconds); the first {@code count} entries of {@code at} count. */
    void marks(double[] at, int count) {
        if (count == markCount && Arrays.equals(at, 0, count, markAt, 0, count)) {
            return;
        }
        if (markAt.length < count) {
            markAt = new double[Math.max(count, markAt.length * 2)];
        }
        System.arraycopy(at, 0, markAt, 0, count);
        markCount = count;
        while (marks.size() < count) {
            Line line = new Line();
            line.getStyleClass().add("history-kill");
            line.setManaged(false);
            line.setMouseTransparent(true);
            marks.add(line);
            getPlotChildren().add(getPlotChildren().indexOf(crosshair), line);
        }
        requestChartLayout();
    }

    /** Where the pointer is (epoch seconds), or NaN to hide the crosshair. */
    void crosshair(double at) {
        crosshairAt = at;
        requestChartLayout();
    }

    int markCount() {
        return markCount;
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        NumberAxis time = (NumberAxis) getXAxis();
        double height = getYAxis().getHeight();
        for (int i = 0; i < marks.size(); i++) {
            Line line = marks.get(i);
            boolean shown = i < markCount;
            line.setVisible(shown);
            if (shown) {
                place(line, time.getDisplayPosition(markAt[i]), height);
            }
        }
        crosshair.setVisible(!Double.isNaN(crosshairAt));
        if (!Double.isNaN(crosshairAt)) {
            place(crosshair, time.getDisplayPosition(crosshairAt), height);
        }
    }

    private static void place(Line line, double x, double height) {
        line.setStartX(x);
        line.setEndX(x);
        line.setStartY(0);
        line.setEndY(height);
    }
}
