package com.sessionconsole.ui.rules;

import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.killsession.rules.RoundResult;
import com.sessionconsole.killsession.rules.Watch;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.Problems;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's one running watch, as the status bar shows it: its rounds, its kills, the time left, and the
 * last round's trouble. The watch runs on one of the window's background threads; its rounds report here on the FX
 * thread.
 */
public final class WatchViewModel {
    private final Background background;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private Watch watch;
    private long killed;
    private long startedNanos;

    public WatchViewModel(Background background) {
        this.background = background;
    }

    /**
     * Starts a watch (none may be running).
     *
     * @param afterRound runs on the FX thread after each round (the window refreshes and reloads its history)
     */
    public void start(Watch started, Runnable afterRound) {
        if (running.get()) {
            throw new IllegalStateException("a watch is running already");
        }
        watch = started;
        killed = 0;
        startedNanos = System.nanoTime();
        running.set(true);
        status.set("Watch " + started.rule().label() + ": starting");
        background.run(() -> started.run(new Watch.Listener() {
            @Override
            public void round(int number, RoundResult result) {
                background.later(() -> {
                    killed += result.count(Outcome.KILLED);
                    status.set(progress(number) + (result.clean() ? "" : "  ·  last round: " + trouble(result)));
                    afterRound.run();
                });
            }

            @Override
            public void roundFailed(int number, String error) {
                background.later(() -> status.set(progress(number) + "  ·  round failed: " + error));
            }
        }), summary -> {
            running.set(false);
            status.set("Watch " + started.rule().label() + (summary.stopped() ? " stopped" : " done") + ": "
                    + summary.rounds() + " rounds, " + summary.killed() + " killed"
                    + (summary.failed() > 0 ? ", " + summary.failed() + " failed" : "")
                    + (summary.refusal() != null ? ", ended: " + summary.refusal() : ""));
            afterRound.run();
        }, error -> {
            running.set(false);
            status.set("Watch " + started.rule().label() + " failed: " + Problems.describe(error));
        });
    }

    /** Ends the watch after the round under way. */
    public void stop() {
        if (watch != null && running.get()) {
            watch.stop();
            status.set("Watch " + watch.rule().label() + ": stopping after this round");
        }
    }

    private String progress(int round) {
        long left = Math.max(0, watch.runTime().toSeconds() - (System.nanoTime() - startedNanos) / 1_000_000_000L);
        return "Watch " + watch.rule().label() + ": round " + round + "  ·  " + killed + " killed  ·  "
                + left / 60 + ":" + String.format("%02d", left % 60) + " left";
    }

    private static String trouble(RoundResult result) {
        if (!result.match().shardErrors().isEmpty()) {
            return result.match().shardErrors().get(0);
        }
        return !result.refused().isEmpty() ? result.refused().get(0) : result.failures().get(0);
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
