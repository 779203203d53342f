package com.sessionconsole.ui.app;

import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static org.assertj.core.api.Assertions.assertThat;

/** The inventory dialog in the real window: "Test connection" lists each shard, Cancel writes nothing. */
class WindowInventoryTest extends WindowTestSupport {

    @Test
    void testConnectionListsEveryShardOfTheInstanceAndCancelSavesNothing() throws Exception {
        robot.push(KeyCode.CONTROL, KeyCode.I); // the toolbar's button may sit in its overflow at this width
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup("#instanceId").queryTextInputControl().getText())).isEqualTo(INSTANCE_A);

        robot.clickOn("Test connection");

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> robot.lookup(".test-result").queryLabeled().getText())
                .contains(SHARD_A2 + ": "));
        assertThat(fx(() -> robot.lookup(".test-result").queryLabeled().getText()))
                .contains(SHARD_A1 + ": ok, ").contains(SHARD_A2 + ": ok, ");
        assertThat(fx(() -> robot.lookup("#test").queryAs(Button.class).isDisabled())).isFalse();

        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup("#saveInventory").tryQuery().isPresent())).isFalse();
        assertThat(dataDir.resolve("inventory.yaml")).doesNotExist();
    }
}
