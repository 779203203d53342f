package com.sessionconsole.ui.app;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ControllerFactory;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.history.FleetHistory;
import com.sessionconsole.ui.history.HistoryController;
import com.sessionconsole.ui.history.HistoryExport;
import com.sessionconsole.ui.history.HistoryViewModel;
import com.sessionconsole.ui.inventory.InventoryEditor;
import com.sessionconsole.ui.kill.KillFlow;
import com.sessionconsole.ui.sessions.SessionDetailsController;
import com.sessionconsole.ui.sessions.SessionDetailsViewModel;
import com.sessionconsole.ui.sessions.SessionsExport;
import com.sessionconsole.ui.sessions.SessionsTableController;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import com.sessionconsole.ui.tasks.TaskHistoryController;
import com.sessionconsole.ui.tasks.TaskHistoryLoader;
import com.sessionconsole.ui.tasks.TaskHistoryViewModel;
import com.sessionconsole.ui.tree.FleetTreeController;
import com.sessionconsole.ui.tree.FleetTreeViewModel;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;

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
    /** The fleet's last hour as this window saw it: the window's model owns it, the service never does. */
    private final HistoryViewModel charts = new HistoryViewModel(new FleetHistory());
    private final SessionsExport export;
    private final HistoryExport historyExport;
    private final Refresher refresher;
    private final TaskHistoryLoader historyLoader;
    private final KillFlow kills;
    private final Parent root;

    /**
     * @param afterInventorySaved what happens once the inventory dialog saved (the running service already
     *                            switched to it, except in demo mode)
     */
    public ConsoleWindow(KillSessionService service, WindowContext context, Consumer<Inventory> afterInventorySaved) {
        ControllerFactory factory = new ControllerFactory();
        refresher = new Refresher(service, background, context, console, sessions, tree, charts);
        export = new SessionsExport(sessions, this::readAt, background, console.problems());
        historyExport = new HistoryExport(charts, background, console.problems());
        historyLoader = new TaskHistoryLoader(service, background, history, console.problems());
        kills = new KillFlow(service, background, context, sessions, console.problems(), historyLoader,
                refresher::refreshNow, factory);
        // Tasks started from the command line or the API, and running tasks that finish, show at each refresh.
        refresher.onApplied(historyLoader::reload);
        // Kills reach the history through the task history, wherever they were made (window, command line, API).
        history.tasks().addListener((ListChangeListener<KillTask>) change -> charts.kills(history.tasks()));
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
        factory.register(MainController.class,
                        () -> new MainController(context, console, sessions, history, refresher, kills, inventory, export))
                .register(FleetTreeController.class, () -> new FleetTreeController(tree, sessions, charts.history()))
                .register(SessionsTableController.class, () -> new SessionsTableController(sessions, details, kills, export))
                .register(HistoryController.class, () -> new HistoryController(charts, historyExport))
                .register(SessionDetailsController.class, () -> new SessionDetailsController(details))
                .register(TaskHistoryController.class, () -> new TaskHistoryController(history));
        root = factory.load(factory.loader(MainController.class, "MainView.fxml"));
    }

    /** Starts the first refresh and auto-refresh; each applied refresh reloads the task history. */
    public void start() {
        refresher.start();
        historyLoader.reload();
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
        refresher.stop();
        background.close();
    }
}
