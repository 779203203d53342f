package com.sessionconsole.ui.app;

import com.sessionconsole.dcdb.DcdbBackends;
import com.sessionconsole.demo.ScaleFleet;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.DcdbEndpoint;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.testfleet.CloudFleet;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.sessions.SessionRow;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real window on a cloud instance against {@code serve}: when a pass of the fleet cannot fit the chosen
 * auto-refresh interval under the account's rate limit, the status bar says how often it refreshes instead; the
 * kill confirmation shows how long a kill through the API takes. The entry's rate limit is lowered to 2 per second
 * so that 10 shards are "large". Headless.
 */
class WindowCloudPaceTest {
    private static final int SHARDS = 10;
    private final FxRobot robot = new FxRobot();

    @TempDir
    Path dataDir;
    private CloudFleet cloud;
    private KillSessionService service;
    private ConsoleWindow window;
    private Connection victim;

    @BeforeEach
    void open() throws Exception {
        cloud = CloudFleet.start(dataDir, SHARDS, SHARDS);
        DcdbEndpoint api = cloud.api();
        DcdbEndpoint slow = new DcdbEndpoint(api.endpoint(), api.https(), api.region(), api.credentials(), null, 2);
        service = KillSessionService.open(CloudFleet.inventory(List.of(new InstanceConfig("tdsqlshard-scale0001", null,
                InstanceKind.DCDB, CloudFleet.REGION, List.of(), slow))), dataDir.resolve("console"), CloudFleet.PATIENT,
                new DcdbBackends(CloudFleet.PATIENT_API));
        ScaleFleet.Entry entry = cloud.scale().entries().get(3);
        victim = cloud.scale().connect(entry);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            window = new ConsoleWindow(service, WindowContext.of(dataDir.resolve("inventory.yaml"), false), saved -> { });
            window.console().intervalProperty().set(ConsoleViewModel.Interval.OFF);
            primary.setScene(new Scene(window.root(), 1280, 780));
            primary.show();
            window.start();
        });
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        fx(() -> {
            window.close();
            return null;
        });
        victim.close();
        service.close();
        cloud.close();
    }

    @Test
    void theStatusBarSaysWhenAutoRefreshSlowsDownAndTheKillConfirmationEstimatesTheTime() throws Exception {
        awaitRefresh();
        assertThat(pace()).isEmpty(); // auto-refresh is off: nothing to slow down
        fx(() -> {
            window.console().intervalProperty().set(ConsoleViewModel.Interval.S2);
            return null;
        });
        // 10 DescribeProcessList at 2 per second: 5 s at least, 6 s with the headroom kills need.
        assertThat(pace()).isEqualTo("cloud refresh every 6 s: the API allows 2 DescribeProcessList per second");

        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        fx(() -> {
            window.console().intervalProperty().set(ConsoleViewModel.Interval.S10);
            return null;
        });
        assertThat(pace()).isEmpty();
        assertThat(fx(() -> robot.lookup(".status-pace").query().isVisible())).isFalse();
        fx(() -> {
            window.console().intervalProperty().set(ConsoleViewModel.Interval.OFF);
            return null;
        });

        long threadId;
        try (Statement sql = victim.createStatement(); ResultSet rs = sql.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            threadId = rs.getLong(1);
        }
        fx(() -> {
            window.refresher().refreshNow();
            return null;
        });
        awaitRefresh();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> window.sessions().shownRows().stream()
                .anyMatch(r -> r.session().id() == threadId)));
        Node row = fx(() -> robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() instanceof SessionRow && ((SessionRow) r.getItem()).session().id() == threadId)
                .findFirst().orElseThrow());
        robot.clickOn(row);
        robot.clickOn("Kill connection");
        WaitForAsyncUtils.waitForFxEvents();

        // One KillSession, one page of DescribeProcessList and one DescribeFlow, each lane at 2 per second: half a
        // second, plus the first poll and the round trips.
        assertThat(fx(() -> robot.lookup(".kill-estimate").queryLabeled().getText()))
                .isEqualTo("Through the cloud API: about 2 s (1 KillSession call; the API allows 2 per second).");
        robot.clickOn("#cancelKill");
    }

    private String pace() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> robot.lookup(".status-pace").queryLabeled().getText());
    }

    private void awaitRefresh() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> window.console().snapshotProperty().get() != null
                && !window.console().refreshingProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(20, TimeUnit.SECONDS);
    }
}
