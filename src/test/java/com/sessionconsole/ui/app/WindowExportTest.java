package com.sessionconsole.ui.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.killsession.SessionExport;
import com.sessionconsole.killsession.SessionJson;
import com.sessionconsole.ui.sessions.SessionRow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static org.assertj.core.api.Assertions.assertThat;

/** Export… and Ctrl+C of the sessions table, on the real window over the test fleet. */
class WindowExportTest extends WindowTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exportWritesTheRowsShownWithTheFieldsOfListJson() throws Exception {
        Victim sleeper = work.sleeping(SHARD_A1, 90);
        work.idle(SHARD_A2);
        refresh();
        robot.clickOn("#quickFilter").write("sleep(90");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> window.sessions().shownRows().size()) == 1);

        Path json = export("shown.json");
        JsonNode root = JSON.readTree(json.toFile());
        Instant readAt = fx(() -> window.console().snapshotProperty().get().readAt());
        SessionRow row = fx(() -> window.sessions().shownRows().get(0));
        assertThat(root.get("readAt").asText()).isEqualTo(readAt.toString());
        assertThat(root.get("sessions")).hasSize(1);
        assertThat(root.get("sessions").get(0).toString()).isEqualTo(
                SessionJson.write(JSON.createObjectNode(), row.session(), readAt, SessionJson.Style.CONSOLE).toString());
        assertThat(root.get("sessions").get(0).get("id").asLong()).isEqualTo(sleeper.threadId());

        Path csv = export("shown.csv");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(String.join(",", SessionExport.COLUMNS));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(row.session().shard().instanceId() + "," + SHARD_A1 + ",")
                .contains("," + sleeper.threadId() + ",").contains("SELECT SLEEP(90)");
        assertThat(fx(() -> window.export().lastExportProperty().get())).isEqualTo("Exported 1 session to " + csv);
        try (var left = Files.list(dataDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void anExportThatCannotBeWrittenSaysWhichFile() throws Exception {
        Path nowhere = dataDir.resolve("no-such-folder").resolve("sessions.csv");
        fx(() -> {
            window.export().write(nowhere, null);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.console().problemProperty().get()).contains("Export"));

        assertThat(fx(() -> window.console().problemProperty().get()))
                .contains("Export: cannot write " + nowhere.toAbsolutePath()).contains("no such folder");
    }

    @Test
    void ctrlCCopiesTheSelectedRowsAsTabSeparatedTextWithAHeader() throws Exception {
        Victim first = work.idle(SHARD_A1);
        Victim second = work.idle(SHARD_A2);
        refresh();

        clickRow(SHARD_A1, first.threadId(), false);
        clickRow(SHARD_A2, second.threadId(), true);
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();

        String[] lines = fx(() -> Clipboard.getSystemClipboard().getString()).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0].split("\t")).containsExactlyElementsOf(SessionExport.COLUMNS);
        int id = SessionExport.COLUMNS.indexOf("id");
        int shard = SessionExport.COLUMNS.indexOf("shardId");
        assertThat(List.of(lines[1].split("\t", -1)[shard] + " " + lines[1].split("\t", -1)[id],
                lines[2].split("\t", -1)[shard] + " " + lines[2].split("\t", -1)[id]))
                .containsExactlyInAnyOrder(SHARD_A1 + " " + first.threadId(), SHARD_A2 + " " + second.threadId());
    }

    private Path export(String name) throws Exception {
        Path file = dataDir.resolve(name);
        fx(() -> {
            window.export().write(file, null);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.export().lastExportProperty().get()).endsWith(name));
        return file;
    }
}
