package com.sessionconsole.killsession;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Session;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Sessions written for a spreadsheet or a script: CSV, JSON, or tab-separated text for the clipboard, always with
 * the fields of {@code list --format json} ({@link SessionJson}, {@link SessionJson.Style#CONSOLE}), so a file
 * exported from the window and the command line's output can be read by the same script.
 */
public final class SessionExport {
    /** Every field {@link SessionJson} writes in the console style, in its order: the CSV and TSV columns. */
    public static final List<String> COLUMNS = List.of("instanceId", "shardId", "shardSerialId", "id", "user", "host",
            "db", "command", "time", "processStartTime", "state", "info", "queryId", "trxStartTime", "trxAgeSeconds",
            "trxRowsModified", "trxRowsLocked", "trxState", "blockedBy", "ownConnection", "protected",
            "protectedReason");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    public enum Format {
        CSV, JSON;

        /** By the file's extension: ".json" is JSON, anything else CSV. */
        public static Format of(String fileName) {
            return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : CSV;
        }
    }

    private SessionExport() {
    }

    /**
     * Writes the sessions; JSON is {@code {"readAt": …, "sessions": [ … ]}}, the sessions as {@code list --format json}
     * prints them.
     *
     * @param readAt when they were read (their start times are computed from it)
     */
    public static void write(Writer out, Format format, List<Session> sessions, Instant readAt) throws IOException {
        if (format == Format.JSON) {
            ObjectNode root = JSON.createObjectNode();
            root.put("readAt", readAt.toString());
            var list = root.putArray("sessions");
            sessions.forEach(s -> SessionJson.write(list.addObject(), s, readAt, SessionJson.Style.CONSOLE));
            JSON.writeValue(out, root);
            out.write('\n');
            return;
        }
        out.write(String.join(",", COLUMNS));
        out.write("\r\n"); // RFC 4180's line end, which spreadsheets expect
        for (Session session : sessions) {
            ObjectNode item = SessionJson.write(JSON.createObjectNode(), session, readAt, SessionJson.Style.CONSOLE);
            for (int i = 0; i < COLUMNS.size(); i++) {
                out.write(i == 0 ? "" : ",");
                out.write(csv(text(item.get(COLUMNS.get(i)))));
            }
            out.write("\r\n");
        }
    }

    /** Tab-separated text with a header line, for the clipboard; tabs and line breaks in a value become spaces. */
    public static String tabSeparated(List<Session> sessions, Instant readAt) {
        StringBuilder text = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
        for (Session session : sessions) {
            ObjectNode item = SessionJson.write(JSON.createObjectNode(), session, readAt, SessionJson.Style.CONSOLE);
            for (int i = 0; i < COLUMNS.size(); i++) {
                text.append(i == 0 ? "" : "\t").append(text(item.get(COLUMNS.get(i))).replaceAll("[\\t\\r\\n]+", " "));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static String csv(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
