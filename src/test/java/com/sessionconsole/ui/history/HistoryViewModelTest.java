package com.sessionconsole.ui.history;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import static com.sessionconsole.ui.history.FleetHistoryTest.A1_KEY;
import static com.sessionconsole.ui.history.FleetHistoryTest.T0;
import static com.sessionconsole.ui.history.FleetHistoryTest.refresh;
import static com.sessionconsole.ui.history.FleetHistoryTest.slot;
import static org.assertj.core.api.Assertions.assertThat;

/** The history pane's state: plain JUnit, no toolkit. */
class HistoryViewModelTest {
    private final HistoryViewModel model = new HistoryViewModel(new FleetHistory());

    @Test
    void theReadOutNamesTheSlotsTimeAndFigures() {
        model.record(refresh(T0, 2));
        model.show(A1_KEY, "shard-a1");

        model.hover(T0.getEpochSecond() + 1.5);

        String clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault()).format(T0);
        assertThat(model.readoutProperty().get()).isEqualTo(clock + "  ·  Sessions 4  ·  Running 2  ·  Waiting on locks 0"
                + "  ·  Blocking 0  ·  Longest running 11 s  ·  Oldest transaction 0 s");
        model.hoverEnded();
        assertThat(model.readoutProperty().get()).isEmpty();
    }

    @Test
    void aYoungHistorySpansAMinuteAndThenGrowsToTheChosenSpan() {
        model.record(refresh(T0, 1));
        model.show(A1_KEY, "shard-a1");
        assertThat(model.lastSlot() - model.firstSlot() + 1).isEqualTo(12);

        for (int i = 1; i <= 300; i++) {
            model.record(refresh(T0.plusSeconds(5L * i), 1));
        }
        assertThat(model.firstSlot()).isEqualTo(slot(T0) + 300 - HistoryViewModel.Span.M15.slots() + 1);
        model.spanProperty().set(HistoryViewModel.Span.M60);
        assertThat(model.firstSlot()).isEqualTo(slot(T0)); // all it holds: 25 minutes
    }

    @Test
    void eachRecordedRefreshTellsTheChart() {
        int before = model.recordedProperty().get();
        model.record(refresh(Instant.parse("2025-01-01T10:00:00Z"), 1));
        assertThat(model.recordedProperty().get()).isEqualTo(before + 1);
    }
}
