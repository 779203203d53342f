package com.sessionconsole.ui.app;

import com.sessionconsole.testfleet.FleetTestSupport;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.sessions.SessionRow;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The real window, headless (Monocle), on a service over the shared test fleet; auto-refresh is off. */
abstract class WindowTestSupport extends FleetTestSupport {
    protected final FxRobot robot = new FxRobot();
    protected ConsoleWindow window;
    protected Stage stage;

    @BeforeEach
    void openWindow() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            window = new ConsoleWindow(service, WindowContext.of(dataDir.resolve("inventory.yaml"), false), saved -> { });
            window.console().intervalProperty().set(ConsoleViewModel.Interval.OFF); // the tests refresh when they mean to
            primary.setScene(new Scene(window.root(), 1280, 780));
            primary.show();
            window.start();
        });
        awaitRefresh();
    }

    @AfterEach
    void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
        fx(() -> {
            window.close();
            return null;
        });
    }

    protected void refresh() throws Exception {
        fx(() -> {
            window.refresher().refreshNow();
            return null;
        });
        awaitRefresh();
    }

    protected void awaitRefresh() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> window.console().snapshotProperty().get() != null
                && !window.console().refreshingProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected Optional<SessionRow> shown(String shardId, long id) throws Exception {
        return fx(() -> window.sessions().shownRows().stream()
                .filter(r -> r.session().shard().shardId().equals(shardId) && r.session().id() == id).findFirst());
    }

    @SuppressWarnings("unchecked")
    protected void clickRow(String shardId, long id, boolean control) throws Exception {
        fx(() -> {
            window.sessions().shownRows().stream().filter(r -> r.session().shard().shardId().equals(shardId) && r.session().id() == id)
                    .findFirst().ifPresent(r -> robot.lookup(".sessions-table").queryTableView().scrollTo(r));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node row = fx(() -> robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() instanceof SessionRow && ((SessionRow) r.getItem()).session().id() == id
                        && ((SessionRow) r.getItem()).session().shard().shardId().equals(shardId))
                .findFirst().orElseThrow(() -> new AssertionError("no row for session " + id + " on " + shardId)));
        if (control) {
            robot.press(KeyCode.CONTROL).clickOn(row).release(KeyCode.CONTROL);
        } else {
            robot.clickOn(row);
        }
    }

    protected static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(20, TimeUnit.SECONDS);
    }
}
