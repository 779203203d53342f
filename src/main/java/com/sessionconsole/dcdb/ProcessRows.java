package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.Transaction;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * DescribeProcessList's {@code Process} as a console {@link Session}. The contract's fields (Id, User, Host, Db,
 * Command, Time, State, Info) always; the transaction and guard fields a Session Console server adds when the
 * answer has them (Tencent Cloud's does not: its sessions then show without transactions).
 */
final class ProcessRows {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ProcessRows() {
    }

    static Session session(Shard shard, JsonNode p) {
        String info = text(p, p.hasNonNull("FullInfo") ? "FullInfo" : "Info");
        Transaction trx = null;
        if (p.hasNonNull("TrxState")) {
            trx = new Transaction(time(text(p, "TrxStartTime")), p.path("TrxAgeSeconds").asLong(),
                    p.path("TrxRowsModified").asLong(), p.path("TrxRowsLocked").asLong(), text(p, "TrxState"));
        }
        return new Session(shard, p.path("Id").asLong(), text(p, "User"), text(p, "Host"), text(p, "Db"),
                text(p, "Command"), p.path("Time").asLong(), text(p, "State"), info,
                p.hasNonNull("QueryId") ? p.path("QueryId").asLong() : null, trx,
                p.hasNonNull("BlockedBy") ? p.path("BlockedBy").asLong() : null,
                p.path("OwnConnection").asBoolean(false), null);
    }

    /** Empty and null are the same to the console: no value. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
