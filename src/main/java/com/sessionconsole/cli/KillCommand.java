package com.sessionconsole.cli;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.KillPreview;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code session-console kill}: one KillSession request, shown first, confirmed, then run and reported. */
@Command(name = "kill", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = {"session-console kill --instance ID (--shard-id ID | --shard-serial-id ID) [--query]"
                + " (--dry-run | --yes) SESSION_ID...",
                "session-console kill (--rule NAME | --match-user U --busy-time 30 ...) [--instance ID] [--shard ID]"
                        + " [--query] [--print] (--dry-run | --yes)"},
        description = {"Kill sessions through the KillSession service (audited, with TaskIds): the given ids of one"
                + " shard, or every session a rule matches, on every shard at once.",
                "Shows what will be lost first and asks for confirmation on the terminal unless --yes is given.",
                "Rule options are pt-kill's where the meaning is the same (docs/rules.md)."})
final class KillCommand implements Callable<Integer> {

    @ParentCommand
    private SessionConsoleCli root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RuleOptions rule;

    @Option(names = "--shard-id", paramLabel = "ID", description = "ShardId (shard-...).")
    private String shardId;

    @Option(names = "--shard-serial-id", paramLabel = "ID", description = "ShardSerialId (set_...).")
    private String shardSerialId;

    @Option(names = {"--query", "--kill-query"}, description = "KILL QUERY: end the running statement only; the connection and its"
            + " transaction stay. Default: KILL CONNECTION (ends the connection and rolls back its transaction).")
    private boolean query;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    private boolean yes;

    @Option(names = "--dry-run", description = "Show what would happen, kill nothing.")
    private boolean dryRun;

    @Parameters(paramLabel = "SESSION_ID", arity = "0..*", description = "Session (thread) ids of one shard, 1 to"
            + " 100.")
    private List<String> sessionIdTexts = new ArrayList<>();

    /** The ids, read here rather than by picocli: with the rule form they are optional, and "abc" must say so. */
    private List<Long> sessionIds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        sessionIds = new ArrayList<>();
        for (String text : sessionIdTexts) {
            try {
                sessionIds.add(Long.parseLong(text.strip()));
            } catch (NumberFormatException e) {
                err.println("error: InvalidParameter: SESSION_ID: '" + text + "' is not a session id (a positive"
                        + " integer)");
                return ExitCode.REFUSED;
            }
        }
        if (!sessionIds.isEmpty() && rule.given()) {
            err.println("error: InvalidParameter: give either SESSION_IDs of one shard (--instance ID --shard-id ID"
                    + " SESSION_ID...) or a rule (--match-user, --busy-time, ... or --rule NAME), not both");
            return ExitCode.REFUSED;
        }
        if (sessionIds.isEmpty() && !rule.given()) {
            err.println("error: MissingParameter: give the SESSION_IDs to kill (--instance ID --shard-id ID"
                    + " SESSION_ID...) or a rule (--match-user U --busy-time 30 ..., or --rule NAME)");
            return ExitCode.REFUSED;
        }
        if (rule.given()) {
            if (shardId != null || shardSerialId != null) {
                err.println("error: InvalidParameter: --shard-id and --shard-serial-id name the shard of SESSION_IDs;"
                        + " a rule's shards are given with --shard SHARD_ID");
                return ExitCode.REFUSED;
            }
            RuleKill kill = new RuleKill(root, out, err);
            var made = kill.rule(rule, query ? KillMode.QUERY : KillMode.CONNECTION, query);
            return made == null ? kill.refusal : kill.kill(made, rule.print, yes, dryRun);
        }
        if (rule.instances.size() != 1) {
            err.println("error: " + (rule.instances.isEmpty() ? "MissingParameter: --instance is required"
                    : "InvalidParameter: SESSION_IDs belong to one shard of one instance: give --instance once"));
            return ExitCode.REFUSED;
        }
        return killIds(out, err, rule.instances.get(0));
    }

    private int killIds(PrintWriter out, PrintWriter err, String instance) {
        String shardId = this.shardId != null || rule.shards.size() != 1 ? this.shardId : rule.shards.get(0);
        try (KillSessionService service = root.openService(err)) {
            if (service == null) {
                return ExitCode.CONFIG;
            }
            Caller caller = Caller.operator("cli");
            KillMode mode = query ? KillMode.QUERY : KillMode.CONNECTION;
            KillRequest request = new KillRequest(instance, shardId, shardSerialId, sessionIds, mode, Map.of());
            try {
                KillPreview preview;
                try {
                    preview = service.preview(request, caller);
                } catch (KillSessionException e) {
                    if (e.code() != ErrorCode.BACKEND_FAILED || dryRun) {
                        throw e;
                    }
                    // The shard cannot be reached: nothing can be sent, and the attempt is recorded, as the API's.
                    throw service.recordNotSent(request, caller, e.getMessage());
                }
                printPreview(out, preview);
                if (dryRun) {
                    out.println("Dry run: nothing was killed.");
                    return ExitCode.OK;
                }
                if (!yes && !confirm(out, err, preview)) {
                    return ExitCode.REFUSED;
                }
                // Made now: the request arrives after the confirmation, and a QUERY kill ends only what was shown.
                request = new KillRequest(instance, shardId, shardSerialId, sessionIds, mode,
                        query ? seenIn(preview) : Map.of());
                KillTask task = service.kill(request, caller);
                printTask(out, task);
                return task.status() == TaskStatus.SUCCESS ? ExitCode.OK : ExitCode.INCOMPLETE;
            } catch (KillSessionException e) {
                err.println("error: " + e.code().code() + ": " + e.getMessage());
                return e.code() == ErrorCode.BACKEND_FAILED ? ExitCode.UNREACHABLE
                        : e.code() == ErrorCode.AUDIT_UNAVAILABLE ? ExitCode.CONFIG
                        : e.code() == ErrorCode.INTERNAL_ERROR ? ExitCode.INTERNAL : ExitCode.REFUSED;
            }
        }
    }

    private static Map<Long, String> seenIn(KillPreview preview) {
        Map<Long, String> seen = new java.util.HashMap<>();
        for (KillPreview.Item item : preview.items()) {
            if (item.session() != null) {
                seen.put(item.sessionId(), item.session().statement() == null ? "" : item.session().statement());
            }
        }
        return seen;
    }

    private static void printPreview(PrintWriter out, KillPreview preview) {
        out.printf("Shard: %s/%s (%s)%nMode:  %s%n", preview.shard().instanceId(), preview.shard().shardId(),
                preview.shard().shardSerialId(), preview.mode().inWords());
        Table table = new Table(50, "ID", "USER@HOST", "COMMAND", "TIME", "TRX_AGE", "ROLLBACK_ROWS", "WILL",
                "STATEMENT");
        for (KillPreview.Item item : preview.items()) {
            Session s = item.session();
            String will = item.expected() == Outcome.KILLED ? "kill" : "skip: " + item.reason();
            table.row(item.sessionId(), s == null ? "" : s.user() + "@" + s.host(), s == null ? "" : s.command(),
                    s == null ? "" : s.timeSeconds(), s == null || s.transaction() == null ? "" : s.transaction().ageSeconds() + "s",
                    s == null || s.transaction() == null ? "" : s.transaction().rowsModified(), will,
                    s == null ? "" : s.statementOneLine());
        }
        table.print(out);
        if (preview.mode() == KillMode.CONNECTION && preview.rowsToRollBack() > 0) {
            out.printf("%d modified rows will be rolled back.%n", preview.rowsToRollBack());
        }
    }

    private boolean confirm(PrintWriter out, PrintWriter err, KillPreview preview) {
        Console console = System.console();
        if (console == null) {
            err.println("error: refused: no terminal to confirm on; pass --yes to kill without asking"
                    + " (or --dry-run to only look)");
            return false;
        }
        long toKill = preview.items().stream().filter(i -> i.expected() == Outcome.KILLED).count();
        out.flush();
        String answer = console.readLine("Kill %d session(s) (%s)? [y/N] ", toKill,
                preview.mode() == KillMode.QUERY ? "query only" : "connection");
        if (answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
            return true;
        }
        err.println("Cancelled: nothing was killed.");
        return false;
    }

    private static void printTask(PrintWriter out, KillTask task) {
        out.printf("TaskId %d: %s%s%n", task.taskId(), task.status(),
                task.detail().isEmpty() ? "" : " (" + task.detail() + ")");
        for (SessionOutcome outcome : task.outcomes()) {
            out.printf("  %d  %s%s%n", outcome.sessionId(), outcome.outcome(),
                    outcome.message().isEmpty() ? "" : "  " + outcome.message());
        }
    }
}
