package com.sessionconsole.ui.app;

import com.sessionconsole.killsession.LockChain;
import com.sessionconsole.ui.locks.LockChainsViewModel;
import com.sessionconsole.ui.sessions.SessionKey;
import com.sessionconsole.ui.sessions.SessionRow;
import javafx.animation.AnimationTimer;
import javafx.beans.value.ChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.SplitPane;
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
 * transaction) so the details pane shows something, let a few frames paint, write the PNG and exit. With
 * {@code --show locks} it waits for the lock chains the refresh read and selects the first root blocker in the
 * table instead. On the first-run view (no inventory, no demo database) it shoots that view as soon as it has
 * painted.
 * With {@code --show history} it refreshes every second for a minute, charts the busiest instance and shoots
 * the history pane: a chart of one refresh would show a dot.
 */
final class Screenshot {
    private final ConsoleWindow window;
    private final Stage stage;
    private final Path file;
    private final LowerView shot;
    private final IntConsumer exit;
    private boolean taken;
    /** Held here: a listener only the property held would go with it. */
    private ChangeListener<Boolean> chainsRead;
    private int refreshes;

    Screenshot(ConsoleWindow window, Stage stage, Path file, LowerView shot, IntConsumer exit) {
        this.window = window;
        this.stage = stage;
        this.file = file;
        this.shot = shot;
        this.exit = exit;
    }

    /** For a view without sessions: the window is null. */
    Screenshot(Stage stage, Path file, IntConsumer exit) {
        this(null, stage, file, null, exit);
    }

    void armed() {
        if (window == null) {
            afterFrames();
            return;
        }
        window.refresher().onApplied(shot == LowerView.HISTORY ? this::historyRefresh : this::firstRefresh);
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
            window.show(LowerView.HISTORY);
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
        if (LowerView.LOCKS.tabId().equals(window.console().lowerTabProperty().get())) {
            afterChains(window.locks());
            return;
        }
        window.sessions().shownRows().stream()
                .max(Comparator.comparingInt((SessionRow r) -> r.session().blockedBy() != null ? 2 : r.transactionAge() != null ? 1 : 0))
                .ifPresent(row -> window.sessions().jumpTo(row.key()));
        afterFrames();
    }

    /** The refresh that just applied started a read of the chains: shoot once it has answered. */
    private void afterChains(LockChainsViewModel locks) {
        if (!locks.readingProperty().get() && locks.chainsProperty().get() != null) {
            selectFirstRoot(locks);
            return;
        }
        chainsRead = (obs, was, reading) -> {
            if (!reading) {
                locks.readingProperty().removeListener(chainsRead);
                selectFirstRoot(locks);
            }
        };
        locks.readingProperty().addListener(chainsRead);
    }

    private void selectFirstRoot(LockChainsViewModel locks) {
        // Room for the whole trees: the chains are what this picture is for.
        if (stage.getScene().lookup(".sessions-split") instanceof SplitPane) {
            ((SplitPane) stage.getScene().lookup(".sessions-split")).setDividerPosition(0, 0.42);
        }
        if (locks.chainsProperty().get() != null) {
            locks.chainsProperty().get().chains().stream().filter(LockChain::killable).findFirst()
                    .ifPresent(chain -> window.sessions().jumpTo(SessionKey.of(chain.root().session())));
        }
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
