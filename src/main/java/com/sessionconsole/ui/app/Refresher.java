package com.sessionconsole.ui.app;

import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.Problems;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.history.HistoryViewModel;
import com.sessionconsole.ui.sessions.SessionRow;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import com.sessionconsole.ui.tree.FleetTreeViewModel;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

import java.util.List;

/**
 * Reads the whole fleet off the FX thread and applies the newest answer. The tree narrows the table on the
 * client side, so switching nodes is instant and the tree's counts always cover every shard.
 */
public final class Refresher {
    private final KillSessionService service;
    private final Background background;
    private final WindowContext context;
    private final ConsoleViewModel console;
    private final SessionsViewModel sessions;
    private final FleetTreeViewModel tree;
    private final HistoryViewModel history;
    private final Timeline timer = new Timeline();
    private final List<Runnable> afterApply = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A refresh's answer with the rows already built off the FX thread. */
    private record Answer(FleetSnapshot snapshot, List<SessionRow> rows) {
    }

    public Refresher(KillSessionService service, Background background, WindowContext context, ConsoleViewModel console,
                     SessionsViewModel sessions, FleetTreeViewModel tree, HistoryViewModel history) {
        this.service = service;
        this.background = background;
        this.context = context;
        this.console = console;
        this.sessions = sessions;
        this.tree = tree;
        this.history = history;
        timer.setCycleCount(Timeline.INDEFINITE);
        console.refreshSecondsProperty().addListener((obs, was, now) -> schedule());
    }

    public void start() {
        refreshNow();
        schedule();
    }

    private void schedule() {
        timer.stop();
        int seconds = console.refreshSecondsProperty().get();
        if (seconds > 0) {
            timer.getKeyFrames().setAll(new KeyFrame(Duration.seconds(seconds), event -> autoTick()));
            timer.play();
        }
    }

    /** An auto-refresh tick waits for a slow refresh rather than piling requests on a hung shard. */
    private void autoTick() {
        if (!console.refreshingProperty().get()) {
            refreshNow();
        }
    }

    public void refreshNow() {
        long number = console.beginRefresh();
        background.run(() -> {
            FleetSnapshot snapshot = service.listSessions(Scope.FLEET, context.caller());
            return new Answer(snapshot, SessionRow.of(snapshot));
        }, answer -> {
            if (console.accept(number)) {
                apply(answer.snapshot(), answer.rows());
            }
        }, error -> console.refreshFailed(number, Problems.describe(error)));
    }

    /** Applies a refresh on the FX thread (also the benchmark's entry point). */
    public void apply(FleetSnapshot snapshot, List<SessionRow> rows) {
        history.record(snapshot); // first: the tree's sparklines then draw this refresh too
        tree.apply(snapshot);
        sessions.apply(rows);
        console.refreshed(snapshot);
        afterApply.forEach(Runnable::run);
    }

    /** Runs after every applied refresh, on the FX thread. */
    public void onApplied(Runnable action) {
        afterApply.add(action);
    }

    public void stop() {
        timer.stop();
    }
}
