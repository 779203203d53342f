package com.sessionconsole.ui.history;

import javafx.scene.chart.NumberAxis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The time axis's labels read back to the seconds they name, across midnight too. */
class HistoryPlotAxisTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage(); // an axis is a node: the toolkit must be up
    }

    @Test
    void aLabelReadsBackToItsSecondOnTheAxis() {
        NumberAxis axis = HistoryPlot.timeAxis();
        ZoneId zone = ZoneId.systemDefault();
        long evening = LocalTime.of(23, 30).atDate(LocalDate.of(2026, 12, 1)).atZone(zone).toEpochSecond();
        axis.setLowerBound(evening);
        axis.setUpperBound(evening + 3_600);

        for (long seconds : new long[] {evening, evening + 61, evening + 1_800 + 7}) { // the last is past midnight
            String label = axis.getTickLabelFormatter().toString(seconds);
            assertThat(axis.getTickLabelFormatter().fromString(label).longValue()).as(label).isEqualTo(seconds);
        }
    }
}
