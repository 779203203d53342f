package com.sessionconsole.killsession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.Transaction;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's fields are those of {@code list --format json}, in CSV, JSON and the clipboard's text. */
class SessionExportTest {
    private static final Instant READ_AT = Instant.parse("2025-01-01T10:00:00Z");
    private static final Shard SHARD = new Shard("tdsqlshard-a", "shard-a1", "set_1_1", "127.0.0.1:1", "running");
    /** Every optional field set, and a statement with a comma, a quote, a tab and a line break. */
    private static final Session FULL = new Session(SHARD, 42, "app", "10.0.0.1:5000", "orders", "Query", 7, "Updating",
            "UPDATE t SET note = \"a, b\"\n\tWHERE id = 1", 9001L,
            new Transaction(Instant.parse("2025-01-01T09:59:00Z"), 60, 3, 4, "LOCK WAIT"), 41L, true, "own connection");
    private static final Session BARE = new Session(SHARD, 43, "app", "10.0.0.1:5001", null, "Sleep", 100, null, null,
            null, null, null, false, null);

    @Test
    void theColumnsAreEveryFieldTheCommandLinesJsonWrites() {
        ObjectNode item = SessionJson.write(new ObjectMapper().createObjectNode(), FULL, READ_AT, SessionJson.Style.CONSOLE);
        List<String> names = new ArrayList<>();
        item.fieldNames().forEachRemaining(names::add);

        assertThat(SessionExport.COLUMNS).containsExactlyElementsOf(names);
    }

    @Test
    void csvHasAHeaderAndQuotesWhatNeedsIt() throws Exception {
        StringWriter out = new StringWriter();
        SessionExport.write(out, SessionExport.Format.CSV, List.of(FULL, BARE), READ_AT);

        String[] lines = out.toString().split("\r\n");
        assertThat(lines[0]).isEqualTo(String.join(",", SessionExport.COLUMNS));
        assertThat(lines[1]).startsWith("tdsqlshard-a,shard-a1,set_1_1,42,app,10.0.0.1:5000,orders,Query,7,"
                + "2025-01-01 09:59:53,Updating,\"UPDATE t SET note = \"\"a, b\"\"\n\tWHERE id = 1\",9001,2025-01-01 09:59:00,"
                + "60,3,4,LOCK WAIT,41,true,true,own connection");
        assertThat(lines[2]).isEqualTo("tdsqlshard-a,shard-a1,set_1_1,43,app,10.0.0.1:5001,,Sleep,100,2025-01-01 09:58:20,"
                + ",,,,,,,,,,false,");
    }

    @Test
    void jsonHoldsTheSessionsAsListPrintsThem() throws Exception {
        StringWriter out = new StringWriter();
        SessionExport.write(out, SessionExport.Format.JSON, List.of(FULL), READ_AT);

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("readAt").asText()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(root.get("sessions").get(0).toString()).isEqualTo( // as text: a number read back is an int, not a long
                SessionJson.write(new ObjectMapper().createObjectNode(), FULL, READ_AT, SessionJson.Style.CONSOLE).toString());
    }

    @Test
    void theClipboardTextIsTabSeparatedOneLineASession() {
        String text = SessionExport.tabSeparated(List.of(FULL, BARE), READ_AT);

        String[] lines = text.split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0].split("\t")).containsExactlyElementsOf(SessionExport.COLUMNS);
        assertThat(lines[1].split("\t", -1)).hasSize(SessionExport.COLUMNS.size())
                .contains("UPDATE t SET note = \"a, b\" WHERE id = 1");
    }

    @Test
    void theFormatFollowsTheFilesExtension() {
        assertThat(SessionExport.Format.of("sessions.JSON")).isEqualTo(SessionExport.Format.JSON);
        assertThat(SessionExport.Format.of("sessions.csv")).isEqualTo(SessionExport.Format.CSV);
    }
}
