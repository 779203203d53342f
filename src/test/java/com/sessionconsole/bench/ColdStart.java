package com.sessionconsole.bench;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.ui.app.ConsoleViewModel;
import com.sessionconsole.ui.app.ConsoleWindow;
import com.sessionconsole.ui.common.WindowContext;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link UiBenchmark}: shows the console window and prints the time from JVM start to
 * the first pulse after the stage shows (the first painted frame).
 */
public final class ColdStart {

    private ColdStart() {
    }

    /** A plain main class: the java launcher refuses a main class that extends Application on the classpath. */
    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    /** The window, as the console builds it. */
    public static final class App extends Application {
    @Override
    public void start(Stage stage) throws Exception {
        Path data = Files.createTempDirectory("cold-start-");
        KillSessionService service = KillSessionService.open(Inventory.empty(data.resolve("inventory.yaml")), data, ServiceOptions.DEFAULT, StandardBackends.create());
        ConsoleWindow window = new ConsoleWindow(service, WindowContext.of(data.resolve("inventory.yaml"), false), saved -> { });
        window.console().intervalProperty().set(ConsoleViewModel.Interval.OFF);
        stage.setScene(new Scene(window.root(), 1360, 820));
        stage.show();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("FIRST_FRAME_MS=" + ms);
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
        }.start();
    }
}
}
