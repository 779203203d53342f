package com.sessionconsole.ui.app;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.inventory.InventoryEditor;
import com.sessionconsole.ui.kill.KillFlow;
import com.sessionconsole.ui.rules.WatchViewModel;
import com.sessionconsole.ui.locks.LockChainsViewModel;
import com.sessionconsole.ui.sessions.SessionsExport;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import com.sessionconsole.ui.tasks.TaskHistoryViewModel;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.controlsfx.control.StatusBar;

/** The window's frame: demo banner, toolbar (filters, refresh, kill), inline problem line and status bar. */
final class MainController {
    private final WindowContext context;
    private final ConsoleViewModel console;
    private final SessionsViewModel sessions;
    private final TaskHistoryViewModel history;
    private final LockChainsViewModel locks;
    private final Refresher refresher;
    private final KillFlow kills;
    private final InventoryEditor inventoryEditor;
    private final WatchViewModel watch;
    private final SessionsExport export;

    @FXML
    private BorderPane root;
    @FXML
    private HBox demoBanner;
    @FXML
    private Label demoText;
    @FXML
    private TextField quickFilter;
    @FXML
    private ComboBox<String> commandFilter;
    @FXML
    private CheckBox hideSleeping;
    @FXML
    private CheckBox hideProtected;
    @FXML
    private ComboBox<ConsoleViewModel.Interval> interval;
    @FXML
    private Button refresh;
    @FXML
    private Button killConnection;
    @FXML
    private Button killQuery;
    @FXML
    private HBox problemBar;
    @FXML
    private Label problemText;
    @FXML
    private Tab detailsTab;
    @FXML
    private Tab locksTab;
    @FXML
    private Tab tasksTab;
    @FXML
    private TabPane lowerTabs;
    @FXML
    private Label watchStatus;
    @FXML
    private Button stopWatch;
    @FXML
    private StatusBar statusBar;
    @FXML
    private Label busy;
    @FXML
    private Label counts;
    @FXML
    private Label shardErrors;
    @FXML
    private Label cloudPace;

    MainController(WindowContext context, ConsoleViewModel console, SessionsViewModel sessions,
                   TaskHistoryViewModel history, LockChainsViewModel locks, Refresher refresher, KillFlow kills,
                   InventoryEditor inventoryEditor, WatchViewModel watch, SessionsExport export) {
        this.watch = watch;
        this.context = context;
        this.console = console;
        this.sessions = sessions;
        this.history = history;
        this.locks = locks;
        this.refresher = refresher;
        this.kills = kills;
        this.inventoryEditor = inventoryEditor;
        this.export = export;
    }

    @FXML
    private void initialize() {
        demoBanner.setVisible(context.demo());
        demoBanner.setManaged(context.demo());
        demoText.setText("Embedded MariaDB servers started for this session (2 instances, 3 shards) with a sample workload."
                + " They stop when the window closes. Add your own instances with Inventory…");
        quickFilter.textProperty().bindBidirectional(sessions.quickFilterProperty());
        quickFilter.setId("quickFilter");
        commandFilter.setItems(sessions.commands());
        commandFilter.valueProperty().bindBidirectional(sessions.commandProperty());
        hideSleeping.selectedProperty().bindBidirectional(sessions.hideSleepingProperty());
        hideProtected.selectedProperty().bindBidirectional(sessions.hideProtectedProperty());
        interval.getItems().setAll(ConsoleViewModel.Interval.values());
        interval.valueProperty().bindBidirectional(console.intervalProperty());
        killConnection.disableProperty().bind(Bindings.isEmpty(sessions.selected()));
        killQuery.disableProperty().bind(sessions.queryKillPossible().not());
        problemText.textProperty().bind(console.problemProperty());
        problemBar.visibleProperty().bind(console.problemProperty().isNotEmpty());
        problemBar.managedProperty().bind(problemBar.visibleProperty());
        tasksTab.textProperty().bind(history.tabTitle());
        locksTab.textProperty().bind(locks.tabTitle());
        statusBar.textProperty().bind(console.lastRefreshProperty());
        busy.visibleProperty().bind(console.refreshingProperty());
        counts.textProperty().bind(sessions.countsText());
        shardErrors.textProperty().bind(console.shardErrorsProperty());
        cloudPace.textProperty().bind(console.cloudPaceProperty());
        cloudPace.visibleProperty().bind(console.cloudPaceProperty().isNotEmpty());
        cloudPace.managedProperty().bind(cloudPace.visibleProperty());
        shardErrors.styleProperty().bind(Bindings.createStringBinding(() -> console.shardErrorsProperty().get().startsWith("All")
                ? "" : "-fx-text-fill: #b42318; -fx-font-weight: bold;", console.shardErrorsProperty()));
        watchStatus.textProperty().bind(watch.statusProperty());
        watchStatus.visibleProperty().bind(watch.statusProperty().isNotEmpty());
        watchStatus.managedProperty().bind(watchStatus.visibleProperty());
        stopWatch.visibleProperty().bind(watch.runningProperty());
        stopWatch.managedProperty().bind(stopWatch.visibleProperty());
        lowerTabs.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                console.lowerTabProperty().set(now.getId());
            }
        });
        console.lowerTabProperty().addListener((obs, was, now) -> showTab(now));
        showTab(console.lowerTabProperty().get());
        root.sceneProperty().addListener((obs, was, now) -> keys(now));
    }

    private void showTab(String id) {
        lowerTabs.getTabs().stream().filter(tab -> tab.getId().equals(id)).findFirst()
                .ifPresent(tab -> lowerTabs.getSelectionModel().select(tab));
    }

    private void keys(Scene scene) {
        if (scene == null) {
            return;
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), refresher::refreshNow);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), quickFilter::requestFocus);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN), this::editInventory);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN),
                () -> focusInRules("#users"));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.G, KeyCombination.SHORTCUT_DOWN),
                () -> focusInRules(".groups-table"));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), () -> {
                    Node kill = root.lookup("#kill");
                    if (kill instanceof Button && !kill.isDisabled()) {
                        ((Button) kill).fire();
                    }
                });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN), watch::stop);
    }

    /** Opens the rules tab and puts the keyboard in one of its controls. */
    private void focusInRules(String selector) {
        console.lowerTabProperty().set("rulesTab");
        Node target = root.lookup(selector);
        if (target != null) {
            target.requestFocus();
        }
    }

    @FXML
    private void refreshNow() {
        refresher.refreshNow();
    }

    @FXML
    private void killConnection() {
        kills.kill(KillMode.CONNECTION, root.getScene().getWindow());
    }

    @FXML
    private void killQuery() {
        kills.kill(KillMode.QUERY, root.getScene().getWindow());
    }

    @FXML
    private void editInventory() {
        inventoryEditor.open(root.getScene().getWindow());
    }

    @FXML
    private void stopWatch() {
        watch.stop();
    }

    @FXML
    private void exportShown() {
        export.choose(root.getScene().getWindow());
    }

    @FXML
    private void dismissProblem() {
        console.problems().dismiss();
    }
}
