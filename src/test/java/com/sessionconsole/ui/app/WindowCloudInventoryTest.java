package com.sessionconsole.ui.app;

import com.sessionconsole.testfleet.CloudFleet;
import com.sessionconsole.ui.tree.FleetNode;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Tencent Cloud account added from the real window against {@code serve}: the inventory dialog edits the cloud
 * entry (kind, region, endpoint, protocol, typed credentials with their warning), "Test" lists what discovery finds,
 * and once saved the window shows the discovered instances. Headless.
 */
class WindowCloudInventoryTest extends WindowTestSupport {
    private CloudFleet cloud;

    @AfterEach
    void stopCloud() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void anAccountTypedIntoTheDialogDiscoversTheServedInstancesAndIsShownOnceSaved() throws Exception {
        cloud = CloudFleet.start(dataDir, 4, 2);
        robot.push(KeyCode.CONTROL, KeyCode.I);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Add instance");
        choose("#kind", "Tencent Cloud account (discovers its instances)");
        assertThat(visible("#endpoint")).isTrue();
        assertThat(visible("#filterTags")).isTrue();
        assertThat(visible("#shardId")).isFalse(); // an account's shards are discovered
        assertThat(fx(() -> robot.lookup("#region").queryAs(ComboBox.class).getValue())).isEqualTo(CloudFleet.REGION);

        robot.clickOn("#instanceId").write("tencent-test");
        replace("#endpoint", cloud.endpoint());
        choose("#protocol", "http");
        assertThat(visible("#secretKey")).isFalse();
        assertThat(visible("#typedWarning")).isFalse();
        choose("#secretIdSource", "Typed in");
        robot.clickOn("#secretId").write(CloudFleet.SECRET_ID);
        choose("#secretKeySource", "Typed in");
        robot.clickOn("#secretKey").write(CloudFleet.SECRET_KEY);
        assertThat(visible("#typedWarning")).isTrue();

        robot.clickOn("Test connection");

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> robot.lookup(".test-result").queryLabeled()
                .getText()).contains("tdsqlshard-scale0002: "));
        assertThat(fx(() -> robot.lookup(".test-result").queryLabeled().getText()))
                .isEqualTo("tdsqlshard-scale0001: configured, ap-guangzhou, 2 shards\n"
                        + "tdsqlshard-scale0002: configured, ap-guangzhou, 2 shards");

        // The forms keep following the drafts after collections (JavaFX holds many listeners weakly).
        collectGarbage();
        pick(INSTANCE_A);
        assertThat(visible("#shardId")).isTrue();
        assertThat(visible("#endpoint")).isFalse();
        assertThat(fx(() -> robot.lookup(".test-result").queryLabeled().getText())).isEmpty();
        pick("tencent-test  (dcdb-account)");
        assertThat(text("#endpoint")).isEqualTo(cloud.endpoint());
        assertThat(text("#secretKey")).isEqualTo(CloudFleet.SECRET_KEY);
        assertThat(visible("#typedWarning")).isTrue();
        choose("#secretKeySource", "Environment variable"); // the typed key goes, with its warning
        assertThat(visible("#typedWarning")).isFalse();
        choose("#secretKeySource", "Typed in");
        assertThat(text("#secretKey")).isEmpty();
        robot.clickOn("#secretKey").write(CloudFleet.SECRET_KEY);

        robot.clickOn("#saveInventory");

        Path file = dataDir.resolve("inventory.yaml");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(file)
                && fx(() -> robot.lookup("#saveInventory").tryQuery().isEmpty()));
        assertThat(Files.readString(file)).contains("kind: dcdb-account", "protocol: http", "tencent-test");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        refresh();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            refresh();
            return treeIds().containsAll(List.of("tdsqlshard-scale0001", "tdsqlshard-scale0002"));
        });
        assertThat(treeIds()).contains(INSTANCE_A);
    }

    private List<String> treeIds() throws Exception {
        return fx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getItem() != null).map(c -> ((FleetNode) c.getItem()).id()).toList());
    }

    /** Clicks an entry in the dialog's list (the main window's tree behind it names the same instances). */
    private void pick(String entry) {
        robot.clickOn(robot.lookup("#instances .list-cell").lookup((Node n) -> n instanceof Labeled
                && entry.equals(((Labeled) n).getText())).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private void choose(String box, String item) throws Exception {
        robot.clickOn(box);
        WaitForAsyncUtils.waitForFxEvents();
        // In the open popup: the other boxes may show the same words.
        robot.clickOn(robot.lookup(".context-menu").lookup((Node n) -> n instanceof Labeled
                && item.equals(((Labeled) n).getText())).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> {
            ChoiceBox<Object> choice = robot.lookup(box).queryAs(ChoiceBox.class);
            return choice.getConverter() == null ? String.valueOf(choice.getValue())
                    : choice.getConverter().toString(choice.getValue());
        })).isEqualTo(item);
    }

    private void replace(String field, String text) throws Exception {
        fx(() -> {
            robot.lookup(field).queryAs(TextInputControl.class).selectAll();
            return null;
        });
        robot.clickOn(field).push(KeyCode.CONTROL, KeyCode.A).write(text);
        assertThat(text(field)).isEqualTo(text);
    }

    private String text(String field) throws Exception {
        return fx(() -> robot.lookup(field).queryAs(TextInputControl.class).getText());
    }

    private boolean visible(String id) throws Exception {
        return fx(() -> {
            Node node = robot.lookup(id).query();
            for (Node at = node; at != null; at = at.getParent()) {
                if (!at.isVisible()) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
