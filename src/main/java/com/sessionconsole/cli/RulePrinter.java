package com.sessionconsole.cli;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.rules.RoundResult;
import com.sessionconsole.killsession.rules.RuleMatch;

import java.io.PrintWriter;
import java.util.List;

/** How {@code kill} and {@code watch} print a rule's preview and its rounds. */
final class RulePrinter {
    /** Rows of the victims' table shown before a confirmation unless --print asks for all. */
    static final int SHOWN_BEFORE_CONFIRMING = 50;

    private RulePrinter() {
    }

    /** The preview: per shard, then the sessions (all of them, or the first {@code limit}), then the cost. */
    static void preview(PrintWriter out, RuleMatch match, int limit) {
        out.println("Rule " + match.rule().describe());
        if (match.victims().isEmpty() && match.skipped().isEmpty()) {
            out.println("No session matches.");
            return;
        }
        Table shards = new Table(10, "INSTANCE", "SHARD", "KILL", "SKIP");
        match.shards().forEach(c -> shards.row(c.shard().instanceId(), c.shard().shardId(), c.victims(), c.skipped()));
        shards.print(out);
        if (limit > 0 && !match.victims().isEmpty()) {
            sessions(out, match.victims().subList(0, Math.min(limit, match.victims().size())));
            if (match.victims().size() > limit) {
                out.printf("... and %d more (--print shows every one)%n", match.victims().size() - limit);
            }
        }
        for (RuleMatch.Skipped skipped : match.skipped().subList(0, Math.min(20, match.skipped().size()))) {
            out.printf("skip %s/%s session %d (%s): %s%n", skipped.session().shard().instanceId(),
                    skipped.session().shard().shardId(), skipped.session().id(), skipped.session().user(),
                    skipped.reason());
        }
        if (match.skipped().size() > 20) {
            out.printf("... and %d more skipped%n", match.skipped().size() - 20);
        }
        out.printf("%d session(s) to kill on %d shard(s), %s%s%s.%n", match.victims().size(),
                match.shardsWithVictims(), match.rule().action().mode().inWords(),
                match.rule().action().mode() == KillMode.CONNECTION && match.rowsToRollBack() > 0
                        ? "; " + match.rowsToRollBack() + " modified rows will roll back" : "",
                match.capped() > 0 ? "; " + match.capped() + " more held back by the cap of "
                        + match.rule().action().cap() : "");
    }

    /** The kill confirmation's columns: who, what, for how long, and what a kill rolls back. */
    static void sessions(PrintWriter out, List<Session> sessions) {
        Table table = new Table(60, "INSTANCE", "SHARD", "ID", "USER@HOST", "DB", "COMMAND", "TIME", "TRX_AGE",
                "ROLLBACK_ROWS", "STATEMENT");
        for (Session s : sessions) {
            table.row(s.shard().instanceId(), s.shard().shardId(), s.id(), s.user() + "@" + s.host(), s.db(),
                    s.command(), s.timeSeconds(), s.transaction() == null ? "" : s.transaction().ageSeconds() + "s",
                    s.transaction() == null ? "" : s.transaction().rowsModified(), s.statementOneLine());
        }
        table.print(out);
    }

    /** A round's outcome: one line per task, the failures, and the round's summary. */
    static void round(PrintWriter out, PrintWriter err, RoundResult result, boolean everyTask) {
        if (everyTask) {
            for (KillTask task : result.tasks()) {
                out.printf("TaskId %d on %s/%s: %s, %d killed, %d already gone%s%n", task.taskId(), task.instanceId(),
                        task.shardId(), task.status(), task.count(Outcome.KILLED), task.count(Outcome.ALREADY_GONE),
                        task.detail().isEmpty() ? "" : " (" + task.detail() + ")");
            }
        }
        result.failures().forEach(f -> err.println("error: " + f));
        result.refused().forEach(r -> err.println("error: " + r));
        result.match().shardErrors().forEach(e -> err.println("error: FailedOperation.OssOperationFailed: " + e));
    }
}
