package com.sessionconsole.ui.app;

import com.sessionconsole.testfleet.FleetTestSupport;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ControllerFactory;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.inventory.InventoryEditor;
import com.sessionconsole.fleet.InstanceKind;
import javafx.scene.Parent;
import javafx.scene.control.ChoiceBox;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The views before the main window: the progress view (and a failed start), and the first run's. Headless. */
class WindowStartViewsTest extends FleetTestSupport {
    private final FxRobot robot = new FxRobot();
    private final Background background = new Background();

    @AfterEach
    void closeViews() throws Exception {
        FxToolkit.cleanupStages();
        background.close();
    }

    @Test
    void theProgressViewSaysWhatOpensThenWhyItCouldNotAndOffersQuit() throws Exception {
        StartingViewModel starting = new StartingViewModel();
        AtomicBoolean quit = new AtomicBoolean();
        ControllerFactory factory = new ControllerFactory()
                .register(StartingController.class, () -> new StartingController(starting, () -> quit.set(true)));
        show(factory, StartingController.class, "StartingView.fxml");
        fx(() -> {
            starting.opening("Opening the fleet of fleet.yaml");
            return null;
        });
        assertThat(fx(() -> robot.lookup(".starting-message").queryLabeled().getText())).isEqualTo("Opening the fleet of fleet.yaml");
        assertThat(fx(() -> robot.lookup("#quitButton").query().isVisible())).isFalse();

        fx(() -> {
            starting.failed("fleet.yaml: no such file");
            return null;
        });
        assertThat(fx(() -> robot.lookup(".field-problem").queryLabeled().getText()))
                .isEqualTo("The console could not start: fleet.yaml: no such file");
        assertThat(fx(() -> robot.lookup("#progress").query().isVisible())).isFalse();
        robot.clickOn("#quitButton");
        assertThat(quit).isTrue();
    }

    @Test
    void theFirstRunViewNamesTheInventoryFileAndOpensTheDialog() throws Exception {
        Path file = dataDir.resolve("inventory.yaml");
        ControllerFactory factory = new ControllerFactory();
        InventoryEditor editor = new InventoryEditor(factory, background, WindowContext.of(file, false), service, saved -> { });
        show(factory.with(FirstRunController.class, () -> new FirstRunController(file, editor)), FirstRunController.class,
                "FirstRunView.fxml");
        assertThat(fx(() -> robot.lookup("#where").queryLabeled().getText())).contains(file.toString());

        robot.clickOn("#addInstance");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup("#saveInventory").tryQuery().isPresent())).isTrue();
        robot.clickOn("Cancel");
        assertThat(file).doesNotExist();
    }

    @Test
    void theFirstRunsCloudPathOpensTheDialogOnANewAccount() throws Exception {
        Path file = dataDir.resolve("inventory.yaml");
        ControllerFactory factory = new ControllerFactory();
        InventoryEditor editor = new InventoryEditor(factory, background, WindowContext.of(file, false), service, saved -> { });
        show(factory.with(FirstRunController.class, () -> new FirstRunController(file, editor)), FirstRunController.class,
                "FirstRunView.fxml");
        assertThat(fx(() -> robot.lookup("#addInstance").queryLabeled().getText()))
                .isEqualTo("A self-managed MySQL/MariaDB shard…");

        robot.clickOn("#addCloudAccount");
        WaitForAsyncUtils.waitForFxEvents();
        for (int i = 0; i < 3; i++) {
            System.gc(); // the forms must keep following the drafts after collections
        }

        assertThat(fx(() -> robot.lookup("#kind").queryAs(ChoiceBox.class).getValue()))
                .isEqualTo(InstanceKind.DCDB_ACCOUNT);
        assertThat(fx(() -> robot.lookup("#endpoint").queryTextInputControl().getText()))
                .isEqualTo("dcdb.tencentcloudapi.com");
        assertThat(fx(() -> robot.lookup("#moreRegions").query().isVisible())).isTrue();
        assertThat(fx(() -> robot.lookup("#shardsSection").query().isVisible())).isFalse();
        robot.clickOn("Cancel");
        assertThat(file).doesNotExist();
    }

    private void show(ControllerFactory factory, Class<?> anchor, String view) throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            Parent root = factory.load(factory.loader(anchor, view));
            stage.setScene(new Scene(root, 760, 440));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(20, TimeUnit.SECONDS);
    }
}
