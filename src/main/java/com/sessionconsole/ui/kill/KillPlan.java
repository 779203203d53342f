package com.sessionconsole.ui.kill;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.ui.sessions.SessionRow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator asked to kill, as the confirmation shows it and as the service receives it: one
 * KillSession request per shard (split at the contract's 100 ids), each with the statements the operator saw.
 *
 * @param frees for the kill of root blockers: how many waiting sessions it frees; null for an ordinary kill
 */
record KillPlan(KillMode mode, List<SessionRow> rows, Integer frees) {

    public KillPlan {
        rows = List.copyOf(rows);
    }

    KillPlan(KillMode mode, List<SessionRow> rows) {
        this(mode, rows, null);
    }

    /** Root blockers from the lock chains: always KILL CONNECTION, the one kind that releases a transaction's locks. */
    static KillPlan rootBlockers(List<SessionRow> roots, int frees) {
        return new KillPlan(KillMode.CONNECTION, roots, frees);
    }

    public boolean rootBlockers() {
        return frees != null;
    }

    public List<SessionRow> protectedRows() {
        return rows.stream().filter(r -> r.session().isProtected()).toList();
    }

    public List<SessionRow> killable() {
        return rows.stream().filter(r -> !r.session().isProtected()).toList();
    }

    /** Rows a KILL CONNECTION would roll back; a KILL QUERY leaves the transaction open, so none. */
    public long rowsToRollBack() {
        if (mode == KillMode.QUERY) {
            return 0;
        }
        return killable().stream().mapToLong(r -> r.rowsModified() == null ? 0 : r.rowsModified()).sum();
    }

    public long shards() {
        return rows.stream().map(r -> r.session().shard().key()).distinct().count();
    }

    /**
     * The requests, one per shard in the order the shards first appear. Protected sessions are sent too: the
     * service refuses them with PROTECTED, so the audit log records that the operator asked.
     */
    public List<KillRequest> requests() {
        Map<String, List<SessionRow>> byShard = new LinkedHashMap<>();
        for (SessionRow row : rows) {
            byShard.computeIfAbsent(row.session().shard().key(), k -> new ArrayList<>()).add(row);
        }
        List<KillRequest> requests = new ArrayList<>();
        for (List<SessionRow> shardRows : byShard.values()) {
            for (int from = 0; from < shardRows.size(); from += KillSessionService.MAX_SESSION_IDS) {
                List<SessionRow> chunk = shardRows.subList(from, Math.min(shardRows.size(), from + KillSessionService.MAX_SESSION_IDS));
                List<Long> ids = new ArrayList<>();
                Map<Long, String> seen = new HashMap<>();
                for (SessionRow row : chunk) {
                    ids.add(row.session().id());
                    // "" = shown idle: a QUERY kill then leaves alone whatever it started running since.
                    String statement = row.session().statement();
                    seen.put(row.session().id(), statement == null ? "" : statement);
                }
                var shard = chunk.get(0).session().shard();
                requests.add(new KillRequest(shard.instanceId(), shard.shardId(), shard.shardSerialId(), ids, mode, seen));
            }
        }
        return requests;
    }

    /** The mode as the window names it: the dialog's title and the notification's. */
    public String title() {
        if (rootBlockers()) {
            return "Kill root blockers";
        }
        return mode == KillMode.CONNECTION ? "Kill connection" : "Kill query";
    }

    /** The confirm button's words, e.g. "Kill 2 connections". */
    public String actionText() {
        int n = killable().size();
        String noun = mode == KillMode.CONNECTION ? "connection" : "query";
        String plural = mode == KillMode.CONNECTION ? "connections" : "queries";
        return "Kill " + n + " " + (n == 1 ? noun : plural);
    }
}
