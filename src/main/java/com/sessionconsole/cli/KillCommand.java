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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code session-console kill}: one KillSession request, shown first, confirmed, then run and reported. */
@Command(name = "kill", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Kill sessions of one shard through the KillSession service (audited, with a TaskId).",
                "Shows what will be lost first and asks for confirmation on the terminal unless --yes is given."})
final class KillCommand implements Callable<Integer> {

    @ParentCommand
    private SessionConsoleCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--instance", required = true, paramLabel = "ID", description = "InstanceId.")
    private String instance;

    @Option(names = "--shard-id", paramLabel = "ID", description = "ShardId (shard-...).")
    private String shardId;

    @Option(names = "--shard-serial-id", paramLabel = "ID", description = "ShardSerialId (set_...).")
    private String shardSerialId;

    @Option(names = "--query", description = "KILL QUERY: end the running statement only; the connection and its"
            + " transaction stay. Default: KILL CONNECTION (ends the connection and rolls back its transaction).")
    private boolean query;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    private boolean yes;

    @Option(names = "--dry-run", description = "Show what would happen, kill nothing.")
    private boolean dryRun;

    @Parameters(paramLabel = "SESSION_ID", arity = "1..*", description = "Session (thread) ids, 1 to 100.")
    private List<Long> sessionIds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
