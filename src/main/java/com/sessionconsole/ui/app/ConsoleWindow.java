package com.sessionconsole.ui.app;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ControllerFactory;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.history.FleetHistory;
import com.sessionconsole.ui.history.HistoryController;
import com.sessionconsole.ui.history.HistoryExport;
import com.sessionconsole.ui.history.HistoryViewModel;
import com.sessionconsole.ui.inventory.InventoryEditor;
import com.sessionconsole.ui.kill.KillFlow;
import com.sessionconsole.ui.rules.GroupsController;
import com.sessionconsole.ui.rules.GroupsViewModel;
import com.sessionconsole.ui.rules.RuleKills;
import com.sessionconsole.ui.rules.RulesPaneController;
import com.sessionconsole.ui.rules.RulesPaneViewModel;
import com.sessionconsole.ui.rules.WatchViewModel;
import com.sessionconsole.ui.locks.LockChainsController;
import com.sessionconsole.ui.locks.LockChainsViewModel;
import com.sessionconsole.ui.sessions.SessionDetailsController;
import com.sessionconsole.ui.sessions.SessionDetailsViewModel;
import com.sessionconsole.ui.sessions.SessionPlanViewModel;
import com.sessionconsole.ui.sessions.SessionsExport;
import com.sessionconsole.ui.sessions.SessionsTableController;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import com.sessionconsole.ui.tasks.TaskHistoryController;
import com.sessionconsole.ui.tasks.TaskHistoryLoader;
import com.sessionconsole.ui.tasks.TaskHistoryViewModel;
import com.sessionconsole.ui.tree.FleetTreeController;
import com.sessionconsole.ui.tree.FleetTreeViewModel;
import com.sessionconsole.killsession.rules.RulesFile;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.util.Duration;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The main window's composition root: builds the view models, registers the window's controllers with their
 * collaborators in the controller factory (a dialog adds its own each time it opens) and loads MainView.fxml.
 * Tests build it on a service of their own.
 */
public final class ConsoleWindow implements AutoCloseable {
    private final Background background = new Background();
    private final ConsoleViewModel console = new ConsoleViewModel();
    private final SessionsViewModel sessions = new SessionsViewModel();
    private final FleetTreeViewModel tree = new FleetTreeViewModel();
    private final TaskHistoryViewModel history = new TaskHistoryViewModel();
    private final SessionDetailsViewModel details = new SessionDetailsViewModel(sessions);
    private final SessionPlanViewModel plans;
    private final LockChainsViewModel locks;
    /** The fleet's last hour as this window saw it: the window's model owns it, the service never does. */
    private final HistoryViewModel charts = new HistoryViewModel(new FleetHistory());
    private final SessionsExport export;
    private final HistoryExport historyExport;
    private final Refresher refresher;
    private final TaskHistoryLoader historyLoader;
    private final KillFlow kills;
    private final RulesPaneViewModel rules;
    private final GroupsViewModel groups;
    private final WatchViewModel watch;
    private final WindowContext context;
    /** The window's state is written once things settle, not at every keystroke. */
    private final PauseTransition remember = new PauseTransition(Duration.seconds(1));
    private final Parent root;
    /** Set when the launcher chose the tab (--show): the remembered one does not replace it. */
    private boolean tabChosen;

    /**
     * @param afterInventorySaved what happens once the inventory dialog saved (the running service already
     *                            switched to it, except in demo mode)
     */
    public ConsoleWindow(KillSessionService service, WindowContext context, Consumer<Inventory> afterInventorySaved) {
        this.context = context;
        ControllerFactory factory = new ControllerFactory();
        refresher = new Refresher(service, background, context, console, sessions, tree, charts);
        export = new SessionsExport(sessions, this::readAt, background, console.problems());
        historyExport = new HistoryExport(charts, background, console.problems());
        historyLoader = new TaskHistoryLoader(service, background, history, console.problems());
        kills = new KillFlow(service, background, context, sessions, console.problems(), historyLoader,
                refresher::refreshNow, factory);
        // Tasks started from the command line or the API, and running tasks that finish, show at each refresh.
        refresher.onApplied(historyLoader::reload);
        plans = new SessionPlanViewModel(sessions, background, (instanceId, shardId, sessionId) ->
                service.explain(instanceId, shardId, sessionId, context.caller()));
        locks = new LockChainsViewModel(sessions, background, () -> service.lockChains(Scope.FLEET, context.caller()));
        // The chains are read while their tab shows: when it opens, and after each refresh of the window.
        locks.shownProperty().bind(console.lowerTabProperty().isEqualTo(LowerView.LOCKS.tabId()));
        refresher.onApplied(locks::refreshed);
        // Kills reach the history through the task history, wherever they were made (window, command line, API).
        history.tasks().addListener((ListChangeListener<KillTask>) change -> charts.kills(history.tasks()));
        // ... and those loaded before the first refresh, which had no shard to count on yet, once it is applied.
        refresher.onApplied(() -> charts.kills(history.tasks()));
        tree.selectedProperty().addListener((obs, was, now) -> {
            if (now != null) {
                charts.show(now.id(), now.name());
            }
        });
        InventoryEditor inventory = new InventoryEditor(factory, background, context, service, saved -> {
            if (!context.demo()) {
                refresher.refreshNow();
            }
            afterInventorySaved.accept(saved);
        });
        rules = new RulesPaneViewModel(sessions, background, RulesFile.beside(context.inventoryFile()));
        groups = new GroupsViewModel(sessions, rules, background);
        watch = new WatchViewModel(background);
        RuleKills ruleKills = new RuleKills(service, background, context, kills, rules, watch, console.problems(), () -> {
            refresher.refreshNow();
            historyLoader.reload();
        });
        factory.register(MainController.class, () -> new MainController(context, console, sessions, history, locks,
                        refresher, kills, inventory, watch, export))
                .register(RulesPaneController.class, () -> new RulesPaneController(rules, ruleKills))
                .register(GroupsController.class, () -> new GroupsController(groups))
                .register(FleetTreeController.class, () -> new FleetTreeController(tree, sessions, charts.history()))
                .register(SessionsTableController.class, () -> new SessionsTableController(sessions, details, kills, export))
                .register(SessionDetailsController.class, () -> new SessionDetailsController(details, plans))
                .register(HistoryController.class, () -> new HistoryController(charts, historyExport))
                .register(LockChainsController.class, () -> new LockChainsController(locks, kills))
                .register(TaskHistoryController.class, () -> new TaskHistoryController(history));
        root = factory.load(factory.loader(MainController.class, "MainView.fxml"));
    }

    /**
     * Starts the first refresh and auto-refresh (each applied refresh reloads the task history), reads the saved
     * rules, and brings back what the window remembers (the open tab, the rule being built).
     */
    public void start() {
        refresher.start();
        historyLoader.reload();
        rules.loadSaved();
        background.run(() -> WindowState.load(context.dataDir()), state -> {
            if (state.rule() != null) {
                rules.use(state.rule());
            }
            if (state.tab() != null && !tabChosen) {
                console.lowerTabProperty().set(state.tab());
            }
            remember.setOnFinished(event -> {
                WindowState now = new WindowState(console.lowerTabProperty().get(), rules.form().ruleProperty().get());
                background.run(() -> {
                    now.save(context.dataDir());
                    return now;
                }, saved -> { }, error -> { });
            });
            console.lowerTabProperty().addListener((obs, was, tab) -> remember.playFromStart());
            rules.form().ruleProperty().addListener((obs, was, rule) -> remember.playFromStart());
        }, error -> { });
    }

    /** Opens the window on this tab rather than the one it remembers; call before {@link #start()}. */
    public void show(LowerView view) {
        tabChosen = true;
        console.lowerTabProperty().set(view.tabId());
    }

    public RulesPaneViewModel rules() {
        return rules;
    }

    public GroupsViewModel groups() {
        return groups;
    }

    public WatchViewModel watch() {
        return watch;
    }

    public Parent root() {
        return root;
    }

    public Refresher refresher() {
        return refresher;
    }

    public SessionsViewModel sessions() {
        return sessions;
    }

    public ConsoleViewModel console() {
        return console;
    }

    public TaskHistoryViewModel history() {
        return history;
    }

    public FleetTreeViewModel tree() {
        return tree;
    }

    public LockChainsViewModel locks() {
        return locks;
    }

    public SessionPlanViewModel plans() {
        return plans;
    }

    public HistoryViewModel charts() {
        return charts;
    }

    public SessionsExport export() {
        return export;
    }

    public HistoryExport historyExport() {
        return historyExport;
    }

    /** When the rows shown were read: the last applied refresh (now, before the first). */
    private Instant readAt() {
        FleetSnapshot shown = console.snapshotProperty().get();
        return shown == null ? Instant.now() : shown.readAt();
    }

    @Override
    public void close() {
        remember.stop();
        watch.stop();
        refresher.stop();
        background.close();
    }
}
