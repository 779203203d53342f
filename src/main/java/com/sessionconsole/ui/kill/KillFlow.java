package com.sessionconsole.ui.kill;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillResult;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ControllerFactory;
import com.sessionconsole.ui.common.ProblemLine;
import com.sessionconsole.ui.common.Problems;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.sessions.KillAction;
import com.sessionconsole.ui.sessions.SessionRow;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import com.sessionconsole.ui.tasks.TaskHistoryLoader;
import com.sessionconsole.ui.tasks.TaskHistoryViewModel;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;
import org.controlsfx.control.Notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kill connection / kill query from the toolbar, the context menu or the keys: confirm, send one request per
 * shard through the service off the FX thread, then notify, record in the history and refresh at once.
 */
public final class KillFlow implements KillAction {
    private final KillSessionService service;
    private final Background background;
    private final WindowContext context;
    private final SessionsViewModel sessions;
    private final ProblemLine problems;
    private final TaskHistoryLoader history;
    private final Runnable refreshNow;
    private final ControllerFactory factory;

    /** One request's answer: its task, or why it was refused. */
    record Sent(KillRequest request, KillTask task, String problem) {
    }

    /** @param refreshNow refreshes the table right after a kill, so killed sessions leave it at once */
    public KillFlow(KillSessionService service, Background background, WindowContext context, SessionsViewModel sessions,
                    ProblemLine problems, TaskHistoryLoader history, Runnable refreshNow, ControllerFactory factory) {
        this.service = service;
        this.background = background;
        this.context = context;
        this.sessions = sessions;
        this.problems = problems;
        this.history = history;
        this.refreshNow = refreshNow;
        this.factory = factory;
    }

    @Override
    public void kill(KillMode mode, Window owner) {
        if (sessions.selected().isEmpty()) {
            problems.killProblem("Select the sessions to kill first (click, Shift/Ctrl-click, Ctrl+A).");
            return;
        }
        if (mode == KillMode.QUERY && !sessions.queryKillPossible().get()) {
            problems.killProblem("Kill query is not possible on a Tencent Cloud instance: the dcdb API ends"
                    + " connections only. Kill the connection instead, or leave the cloud sessions out.");
            return;
        }
        KillPlan plan = new KillPlan(mode, List.copyOf(sessions.selected()));
        if (confirm(plan, owner)) {
            send(plan, owner);
        }
    }

    /**
     * Kill the root blockers of lock chains: an ordinary KILL CONNECTION of each, through the same confirmation
     * (Cancel as its default), which says how many waiting sessions it frees.
     *
     * @param roots each root with how many sessions wait for it directly
     */
    public void killRoots(Map<Session, Integer> roots, int frees, Window owner) {
        if (roots.isEmpty()) {
            problems.killProblem("No root blocker to kill: the chains shown end in deadlocks or in holders the"
                    + " server does not name.");
            return;
        }
        List<SessionRow> rows = new ArrayList<>();
        roots.forEach((session, waiters) -> rows.add(SessionRow.of(session, waiters)));
        KillPlan plan = KillPlan.rootBlockers(rows, frees);
        if (confirm(plan, owner)) {
            send(plan, owner);
        }
    }

    private boolean confirm(KillPlan plan, Window owner) {
        // From what the service knows already (no I/O): the cloud lanes' rates and each shard's last listing.
        return confirm(KillConfirmationViewModel.of(plan, service.killPace(plan.requests())), owner);
    }

    /**
     * The same confirmation, Cancel as its default, for sessions chosen another way (a rule's matches, read live):
     * true when the operator confirmed. Protected rows are listed as skipped.
     *
     * @param header      the question, e.g. "Kill what rule reports matched?"
     * @param confirmText the confirm button's words, or null for "Kill N connections"
     */
    public boolean confirm(KillMode mode, List<SessionRow> rows, String header, String confirmText, Window owner) {
        KillPlan plan = new KillPlan(mode, rows);
        return confirm(KillConfirmationViewModel.of(plan, header, "matching",
                confirmText == null ? plan.actionText() : confirmText, service.killPace(plan.requests())), owner);
    }

    /**
     * What a kill sent another way came to, shown as the window's own kills are: notification, history, refresh.
     *
     * @param refused requests that did not become a task, each as "shard: why"
     */
    public void report(String title, List<KillTask> tasks, List<String> refused, Window owner) {
        List<Sent> sent = new ArrayList<>();
        tasks.forEach(task -> sent.add(new Sent(null, task, null)));
        refused.forEach(why -> sent.add(new Sent(null, null, why)));
        done(title, sent, owner);
    }

    private boolean confirm(KillConfirmationViewModel model, Window owner) {
        ControllerFactory views = factory.with(KillConfirmationController.class,
                () -> new KillConfirmationController(model));
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(model.title());
        dialog.setDialogPane(views.load(views.loader(KillConfirmationController.class, "KillConfirmation.fxml")));
        Optional<ButtonType> answer = dialog.showAndWait();
        return answer.isPresent() && answer.get().getButtonData() == ButtonBar.ButtonData.OK_DONE;
    }

    private void send(KillPlan plan, Window owner) {
        problems.killProblem("");
        // All shards at once, several requests per shard: one KillSession request each, as the API sends them.
        background.run(() -> sent(service.killAll(plan.requests(), context.caller())),
                sent -> done(plan.title(), sent, owner),
                error -> problems.killProblem("Kill failed: " + Problems.describe(error)));
    }

    private static List<Sent> sent(List<KillResult> results) {
        List<Sent> sent = new ArrayList<>();
        for (KillResult result : results) {
            KillRequest request = result.request();
            sent.add(result.error() == null ? new Sent(request, result.task(), null)
                    : new Sent(request, null, request.shardId() + ": " + Problems.describe(result.error())));
        }
        return sent;
    }

    private void done(String title, List<Sent> sent, Window owner) {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Sent one : sent) {
            if (one.task() != null) {
                lines.add("Task " + one.task().taskId() + " on " + one.task().shardId() + ": " + TaskHistoryViewModel.summary(one.task()));
                one.task().outcomes().stream().filter(o -> !o.outcome().goalMet() && o.outcome() != com.sessionconsole.fleet.Outcome.PROTECTED)
                        .forEach(o -> failures.add(one.task().shardId() + " session " + o.sessionId() + ": " + o.message()));
            } else {
                lines.add(one.problem());
                failures.add(one.problem());
            }
        }
        problems.killProblem(failures.isEmpty() ? "" : "Kill: " + String.join("   |   ", failures));
        notify(title, lines, failures.isEmpty(), owner);
        history.reload(); // at once; every applied refresh reloads it again
        refreshNow.run();
    }

    private void notify(String title, List<String> lines, boolean clean, Window owner) {
        if (owner == null || !owner.isShowing()) {
            return;
        }
        Notifications note = Notifications.create()
                .title(title + (clean ? ": done" : ": not all ended"))
                .text(String.join("\n", lines))
                .owner(owner)
                .hideAfter(javafx.util.Duration.seconds(clean ? 5 : 12));
        if (clean) {
            note.showInformation();
        } else {
            note.showWarning();
        }
    }
}
