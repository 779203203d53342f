package com.sessionconsole.ui.app;

import com.sessionconsole.fleet.backend.ApiCalls;
import com.sessionconsole.killsession.ApiPace;
import com.sessionconsole.killsession.FleetSnapshot;
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

    @Test
    void autoRefreshSlowsDownWhenAPassOfTheCloudFleetCannotFitTheIntervalAndTheStatusBarSaysSo() {
        ConsoleViewModel console = new ConsoleViewModel();
        FleetSnapshot plain = snapshot(List.of(), List.of(), List.of(), null);
        // 3 instances of 40 shards on one SecretId: 120 DescribeProcessList at 20 per second, 6 s at least.
        ApiPace pace = ApiPace.of(List.of(new ApiCalls("account 1", "DescribeProcessList", 120, 20)));
        FleetSnapshot cloud = new FleetSnapshot(plain.readAt(), plain.took(), plain.instances(), plain.instanceErrors(),
                plain.shards(), pace);
        assertThat(console.refreshSecondsProperty().get()).isEqualTo(5);

        console.refreshed(cloud);

        assertThat(console.refreshSecondsProperty().get()).isEqualTo(8);
        assertThat(console.cloudPaceProperty().get())
                .isEqualTo("cloud refresh every 8 s: the API allows 20 DescribeProcessList per second");
        console.intervalProperty().set(ConsoleViewModel.Interval.S10);
        assertThat(console.refreshSecondsProperty().get()).isEqualTo(10);
        assertThat(console.cloudPaceProperty().get()).isEmpty();
        console.intervalProperty().set(ConsoleViewModel.Interval.OFF);
        assertThat(console.refreshSecondsProperty().get()).isZero();
        console.intervalProperty().set(ConsoleViewModel.Interval.S1);
        assertThat(console.refreshSecondsProperty().get()).isEqualTo(8);
        console.refreshed(plain); // the cloud entries were removed
        assertThat(console.refreshSecondsProperty().get()).isEqualTo(1);
        assertThat(console.cloudPaceProperty().get()).isEmpty();
    }
}
