package com.sessionconsole.ui.app;

import org.junit.jupiter.api.Test;

import java.util.List;

import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** The refresh bookkeeping and what the status bar and the problem line say: plain JUnit, no toolkit. */
class ConsoleViewModelTest {

    @Test
    void anOlderRefreshArrivingLateIsDropped() {
        ConsoleViewModel console = new ConsoleViewModel();
        long first = console.beginRefresh();
        long second = console.beginRefresh();
        assertThat(console.accept(second)).isTrue();
        assertThat(console.accept(first)).isFalse();
        assertThat(console.refreshingProperty().get()).isFalse();
    }

    @Test
    void aShardInErrorShowsInTheStatusAndTheProblemLineAndClearsWhenItAnswers() {
        ConsoleViewModel console = new ConsoleViewModel();
        console.refreshed(snapshot(List.of(), List.of(), List.of(), "connect timed out"));
        assertThat(console.shardErrorsProperty().get()).isEqualTo("1 shard in error");
        assertThat(console.problemProperty().get()).contains("shard-b1").contains("connect timed out");
        assertThat(console.lastRefreshProperty().get()).contains("in 42 ms");

        console.refreshed(snapshot(List.of(), List.of(), List.of(), null));
        assertThat(console.shardErrorsProperty().get()).isEqualTo("All shards answered");
        assertThat(console.problemProperty().get()).isEmpty();
    }
}
