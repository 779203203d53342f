package com.sessionconsole.ui.app;

import com.sessionconsole.ui.sessions.SessionRow;
import javafx.animation.AnimationTimer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;

/**
 * --screenshot: once the first refresh is in, select a telling session (a lock waiter, else an open
 * transaction) so the details pane shows something, let a few frames paint, write the PNG and exit. On the
 * first-run view (no inventory, no demo database) it shoots that view as soon as it has painted. With
 * {@code --show history} it refreshes every second for a minute, charts the busiest instance and shoots the
 * history pane: a chart of one refresh would show a dot.
 */
final class Screenshot {
    private final ConsoleWindow window;
    private final Stage stage;
    private final Path file;
    private final WindowOptions.Shot shot;
    private final IntConsumer exit;
    private boolean taken;
    private int refreshes;

    Screenshot(ConsoleWindow window, Stage stage, Path file, WindowOptions.Shot shot, IntConsumer exit) {
        this.window = window;
        this.stage = stage;
        this.file = file;
        this.shot = shot;
        this.exit = exit;
    }

    /** For a view without sessions: the window is null. */
    Screenshot(Stage stage, Path file, IntConsumer exit) {
        this(null, stage, file, WindowOptions.Shot.SESSIONS, exit);
    }

    void armed() {
        if (window == null) {
            afterFrames();
            return;
        }
        window.refresher().onApplied(shot == WindowOptions.Shot.HISTORY ? this::historyRefresh : this::firstRefresh);
    }

    /** A minute of refreshes every second (12 of the history's 5 s steps), then the busiest instance's charts. */
    private void historyRefresh() {
        if (taken) {
            return;
        }
        if (refreshes++ == 0) {
            window.console().intervalProperty().set(ConsoleViewModel.Interval.S1);
            window.tree().fleetProperty().get().children().stream()
                    .max(Comparator.comparingInt(com.sessionconsole.ui.tree.FleetNode::running))
                    .ifPresent(busiest -> window.tree().selectedProperty().set(busiest));
            if (window.root().lookup("#lowerTabs") instanceof TabPane tabs) {
                tabs.getTabs().stream().filter(tab -> "historyTab".equals(tab.getId())).findFirst()
                        .ifPresent(tab -> tabs.getSelectionModel().select(tab));
            }
        }
        if (refreshes >= 61) {
            taken = true;
            afterFrames();
        }
    }

    private void firstRefresh() {
        if (taken) {
            return;
        }
        taken = true;
        window.sessions().shownRows().stream()
                .max(Comparator.comparingInt((SessionRow r) -> r.session().blockedBy() != null ? 2 : r.transactionAge() != null ? 1 : 0))
                .ifPresent(row -> window.sessions().jumpTo(row.key()));
        afterFrames();
    }

    private void afterFrames() {
        new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (frames == 0) {
                    // The cold-start figure: JVM start to the first frame of the view being shot.
                    long sinceStart = System.currentTimeMillis()
                            - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("first frame painted " + sinceStart + " ms after the JVM started");
                }
                if (++frames == 6) {
                    stop();
                    exit.accept(write());
                }
            }
        }.start();
    }

    private int write() {
        WritableImage image = stage.getScene().snapshot(null);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            System.out.println("screenshot written to " + file);
            return 0;
        } catch (IOException e) {
            System.err.println("error: cannot write the screenshot " + file + ": " + e.getMessage());
            return 5;
        }
    }
}
