package com.sessionconsole.ui.app;

import com.sessionconsole.killsession.ApiPace;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.ShardSessions;
import com.sessionconsole.ui.common.ProblemLine;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The window's refresh state: which refresh is current (older answers are dropped), the auto-refresh
 * interval, what the status bar says, and the refresh's part of the inline error line ({@link ProblemLine}).
 */
public final class ConsoleViewModel {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** The auto-refresh choices of the toolbar. */
    public enum Interval {
        OFF(0), S1(1), S2(2), S5(5), S10(10), S30(30);

        private final int seconds;

        Interval(int seconds) {
            this.seconds = seconds;
        }

        public int seconds() {
            return seconds;
        }

        @Override
        public String toString() {
            return seconds == 0 ? "Auto-refresh off" : "Every " + seconds + " s";
        }
    }

    /** A cloud fleet's pass is given this much room beyond what the API's limit allows: kills need turns too. */
    static final double PACE_HEADROOM = 1.2;

    private final ObjectProperty<Interval> interval = new SimpleObjectProperty<>(Interval.S5);
    private final IntegerProperty refreshSeconds = new SimpleIntegerProperty(Interval.S5.seconds());
    private final StringProperty cloudPace = new SimpleStringProperty("");
    private ApiPace lastPace;
    private final BooleanProperty refreshing = new SimpleBooleanProperty();
    private final StringProperty lastRefresh = new SimpleStringProperty("Not refreshed yet");
    private final StringProperty shardErrors = new SimpleStringProperty("");
    private final ObjectProperty<FleetSnapshot> snapshot = new SimpleObjectProperty<>();
    private final ProblemLine problems = new ProblemLine();
    /** The id of the open lower tab (details, locks, tasks, rules), remembered between runs. */
    private final StringProperty lowerTab = new SimpleStringProperty("detailsTab");
    private long issued;
    private long applied;

    public ConsoleViewModel() {
        interval.addListener((obs, was, now) -> pace());
    }

    /** Starts a refresh and returns its number; only the newest one's answer is applied. */
    public long beginRefresh() {
        refreshing.set(true);
        return ++issued;
    }

    /** True when the answer of refresh {@code number} is newer than what the window shows: apply it. */
    public boolean accept(long number) {
        if (number == issued) {
            refreshing.set(false);
        }
        if (number <= applied) {
            return false;
        }
        applied = number;
        return true;
    }

    /** Records an answered refresh for the status bar and the inline error line. */
    public void refreshed(FleetSnapshot answer) {
        snapshot.set(answer);
        lastPace = answer.pace();
        pace();
        lastRefresh.set("Refreshed " + CLOCK.format(answer.readAt()) + " in " + millis(answer.took()));
        long inError = answer.shardsInError();
        shardErrors.set(inError == 0 ? "All shards answered" : inError + (inError == 1 ? " shard" : " shards") + " in error");
        List<String> failures = answer.shards().stream().filter(s -> !s.ok()).map(ConsoleViewModel::describe).toList();
        List<String> instanceFailures = answer.instanceErrors().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
        List<String> all = new java.util.ArrayList<>(instanceFailures);
        all.addAll(failures);
        problems.refreshProblem(String.join("   |   ", all));
    }

    /**
     * Auto-refresh slows itself down when a full pass of the cloud fleet cannot fit the chosen interval under the
     * API's rate limit (with {@link #PACE_HEADROOM}), and the status bar says so.
     */
    private void pace() {
        int chosen = interval.get() == null ? 0 : interval.get().seconds();
        int needed = lastPace == null ? 0 : (int) Math.ceil(lastPace.least().toMillis() * PACE_HEADROOM / 1000.0);
        if (chosen > 0 && needed > chosen) {
            refreshSeconds.set(needed);
            cloudPace.set("cloud refresh every " + needed + " s: the API allows " + lastPace.perSecond() + " "
                    + lastPace.action() + " per second");
        } else {
            refreshSeconds.set(chosen);
            cloudPace.set("");
        }
    }

    /** A refresh that failed as a whole (not one shard): the previous rows stay, the error shows inline. */
    public void refreshFailed(long number, String message) {
        if (accept(number)) {
            problems.refreshProblem("Refresh failed: " + message);
            shardErrors.set("Refresh failed");
        }
    }

    private static String describe(ShardSessions answer) {
        return answer.shard().shardId() + " (" + answer.shard().instanceId() + "): " + answer.error();
    }

    static String millis(Duration took) {
        return took.toMillis() + " ms";
    }

    public ObjectProperty<Interval> intervalProperty() {
        return interval;
    }

    /** Seconds between auto-refreshes: the chosen interval, or longer for a large cloud fleet; 0 when off. */
    public ReadOnlyIntegerProperty refreshSecondsProperty() {
        return refreshSeconds;
    }

    /** What the status bar says when auto-refresh runs slower than chosen; empty otherwise. */
    public ReadOnlyStringProperty cloudPaceProperty() {
        return cloudPace;
    }

    public BooleanProperty refreshingProperty() {
        return refreshing;
    }

    public StringProperty lastRefreshProperty() {
        return lastRefresh;
    }

    public StringProperty shardErrorsProperty() {
        return shardErrors;
    }

    /** The inline error line, shared with the kill flow and the task history. */
    public ProblemLine problems() {
        return problems;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problems.textProperty();
    }

    public StringProperty lowerTabProperty() {
        return lowerTab;
    }

    public ObjectProperty<FleetSnapshot> snapshotProperty() {
        return snapshot;
    }
}
