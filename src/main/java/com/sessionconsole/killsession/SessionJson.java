package com.sessionconsole.killsession;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Transaction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one JSON shape of a session, shared by the API's DescribeProcessList, {@code list --format json} and the
 * window's export: the contract's Process fields, then the console's own (query id, transaction, lock wait,
 * protection). The API writes each name capitalized as the contract does ({@code Id}, {@code TrxAgeSeconds});
 * the command line and the export write them in camel case ({@code id}, {@code trxAgeSeconds}).
 */
public final class SessionJson {
    /** The contract's Process.Info holds at most this many characters; a longer statement goes whole in FullInfo. */
    public static final int CONTRACT_INFO_LIMIT = 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** How the names are written, and whether the shard is named (a DescribeProcessList answer is one shard's). */
    public enum Style {
        CONTRACT, CONSOLE;

        String name(String camel) {
            return this == CONTRACT ? Character.toUpperCase(camel.charAt(0)) + camel.substring(1) : camel;
        }
    }

    private SessionJson() {
    }

    /**
     * Writes the session's fields into {@code item}.
     *
     * @param readAt when the session was read, for its start time (now minus its Time)
     */
    public static ObjectNode write(ObjectNode item, Session s, Instant readAt, Style style) {
        if (style == Style.CONSOLE) {
            item.put("instanceId", s.shard().instanceId());
            item.put("shardId", s.shard().shardId());
            item.put("shardSerialId", s.shard().shardSerialId());
        }
        item.put(style.name("id"), s.id());
        item.put(style.name("user"), s.user());
        item.put(style.name("host"), s.host());
        item.put(style.name("db"), s.db());
        item.put(style.name("command"), s.command());
        item.put(style.name("time"), s.timeSeconds());
        item.put(style.name("processStartTime"), TIME.format(readAt.minusSeconds(s.timeSeconds())));
        item.put(style.name("state"), s.state() == null ? "" : s.state());
        String info = s.statement();
        boolean cut = style == Style.CONTRACT && info != null && info.length() > CONTRACT_INFO_LIMIT;
        item.put(style.name("info"), cut ? info.substring(0, CONTRACT_INFO_LIMIT) : info);
        if (cut) {
            item.put(style.name("fullInfo"), info);
        }
        if (s.queryId() != null) {
            item.put(style.name("queryId"), s.queryId());
        }
        Transaction trx = s.transaction();
        if (trx != null) {
            if (trx.started() != null) {
                item.put(style.name("trxStartTime"), TIME.format(trx.started()));
            }
            item.put(style.name("trxAgeSeconds"), trx.ageSeconds());
            item.put(style.name("trxRowsModified"), trx.rowsModified());
            item.put(style.name("trxRowsLocked"), trx.rowsLocked());
            item.put(style.name("trxState"), trx.state());
        }
        if (s.blockedBy() != null) {
            item.put(style.name("blockedBy"), s.blockedBy());
        }
        if (s.ownConnection()) {
            item.put(style.name("ownConnection"), true);
        }
        item.put(style.name("protected"), s.isProtected());
        if (s.protectedReason() != null) {
            item.put(style.name("protectedReason"), s.protectedReason());
        }
        return item;
    }
}
