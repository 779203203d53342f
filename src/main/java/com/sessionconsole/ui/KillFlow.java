package com.sessionconsole.ui;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillResult;
import com.sessionconsole.killsession.KillSessionService;
import javafx.fxml.FXMLLoader;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;
import org.controlsfx.control.Notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kill connection / kill query from the toolbar, the context menu or the keys: confirm, send one request per
 * shard through the service off the FX thread, then notify, record in the history and refresh at once.
 */
public final class KillFlow {
    private final KillSessionService service;
    private final Background background;
    private final WindowContext context;
    private final SessionsViewModel sessions;
    private final ConsoleViewModel console;
    private final TaskHistoryViewModel history;
    private final Refresher refresher;
    private final ControllerFactory factory;
    private boolean historyLoading; // FX thread only
    private boolean historyAgain;   // FX thread only

    /** One request's answer: its task, or why it was refused. */
    record Sent(KillRequest request, KillTask task, String problem) {
    }

    public KillFlow(KillSessionService service, Background background, WindowContext context, SessionsViewModel sessions,
                    ConsoleViewModel console, TaskHistoryViewModel history, Refresher refresher, ControllerFactory factory) {
        this.service = service;
        this.background = background;
        this.context = context;
        this.sessions = sessions;
        this.console = console;
        this.history = history;
        this.refresher = refresher;
        this.factory = factory;
    }

    public void kill(KillMode mode, Window owner) {
        if (sessions.selected().isEmpty()) {
            console.killProblem("Select the sessions to kill first (click, Shift/Ctrl-click, Ctrl+A).");
            return;
        }
        KillPlan plan = new KillPlan(mode, List.copyOf(sessions.selected()));
        if (confirm(plan, owner)) {
            send(plan, owner);
        }
    }

    private boolean confirm(KillPlan plan, Window owner) {
        FXMLLoader loader = factory.loader(KillConfirmationController.class, "KillConfirmation.fxml");
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(plan.mode() == KillMode.CONNECTION ? "Kill connection" : "Kill query");
        dialog.setDialogPane(factory.load(loader));
        KillConfirmationController controller = loader.getController();
        controller.show(plan);
        Optional<ButtonType> answer = dialog.showAndWait();
        return answer.isPresent() && answer.get() == controller.confirmButton();
    }

    private void send(KillPlan plan, Window owner) {
        console.killProblem("");
        background.run(() -> {
            // All shards at once, several requests per shard: one KillSession request each, as the API sends them.
            List<Sent> sent = new ArrayList<>();
            for (KillResult result : service.killAll(plan.requests(), context.caller())) {
                KillRequest request = result.request();
                sent.add(result.error() == null ? new Sent(request, result.task(), null)
                        : new Sent(request, null, request.shardId() + ": " + Problems.describe(result.error())));
            }
            return sent;
        }, sent -> done(plan, sent, owner), error -> console.killProblem("Kill failed: " + Problems.describe(error)));
    }

    private void done(KillPlan plan, List<Sent> sent, Window owner) {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Sent one : sent) {
            if (one.task() != null) {
                lines.add("Task " + one.task().taskId() + " on " + one.task().shardId() + ": " + TaskHistoryViewModel.summary(one.task()));
                one.task().outcomes().stream().filter(o -> !o.outcome().goalMet() && o.outcome() != com.sessionconsole.fleet.Outcome.PROTECTED)
                        .forEach(o -> problems.add(one.task().shardId() + " session " + o.sessionId() + ": " + o.message()));
            } else {
                lines.add(one.problem());
                problems.add(one.problem());
            }
        }
        console.killProblem(problems.isEmpty() ? "" : "Kill: " + String.join("   |   ", problems));
        notify(plan, lines, problems.isEmpty(), owner);
        reloadHistory(); // at once; every applied refresh reloads it again
        refresher.refreshNow();
    }

    private void notify(KillPlan plan, List<String> lines, boolean clean, Window owner) {
        if (owner == null || !owner.isShowing()) {
            return;
        }
        Notifications note = Notifications.create()
                .title((plan.mode() == KillMode.CONNECTION ? "Kill connection" : "Kill query") + (clean ? ": done" : ": not all ended"))
                .text(String.join("\n", lines))
                .owner(owner)
                .hideAfter(javafx.util.Duration.seconds(clean ? 5 : 12));
        if (clean) {
            note.showInformation();
        } else {
            note.showWarning();
        }
    }

    /**
     * Reads the task history off the FX thread (the service reads only what the audit log gained since its last
     * read). Called on the FX thread; while a read is out, further calls ask for one more read after it, so
     * the newest tasks always show and reads never pile up.
     */
    public void reloadHistory() {
        if (historyLoading) {
            historyAgain = true;
            return;
        }
        historyLoading = true;
        historyAgain = false;
        background.run(service::tasks, tasks -> {
            history.apply(tasks);
            historyLoaded();
        }, error -> {
            console.killProblem("Task history: " + Problems.describe(error));
            historyLoaded();
        });
    }

    private void historyLoaded() {
        historyLoading = false;
        if (historyAgain) {
            reloadHistory();
        }
    }
}
