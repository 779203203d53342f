package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.killsession.audit.FileAuditStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code session-console tasks}: the kill task history, or one task in full. */
@Command(name = "tasks", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Show the kill task history (newest first), or one task with every session's outcome.")
final class TasksCommand implements Callable<Integer> {

    @ParentCommand
    private SessionConsoleCli root;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TASK_ID", arity = "0..1", description = "One task to show in full.")
    private Long taskId;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many of the newest tasks (default:"
            + " ${DEFAULT-VALUE}; up to 10,000; an older task is shown by its TASK_ID).")
    private int limit;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    private ListCommand.Format format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // A one-shot command: it reads as many of the newest tasks as it is asked to list, and no more (the log is
        // read backwards from its end, so fewer are quicker); one task by TaskId needs none.
        int keep = Math.min(FileAuditStore.MAX_RECENT_TASKS, Math.max(1, taskId != null ? 1 : limit));
        try (KillSessionService service = root.openService(err, false, ServiceOptions.DEFAULT.withRecentTasks(keep))) {
            if (service == null) {
                return ExitCode.CONFIG;
            }
            if (taskId != null) {
                Optional<KillTask> task;
                try {
                    task = service.task(taskId);
                } catch (KillSessionException e) {
                    err.println("error: " + e.code().code() + ": " + e.getMessage());
                    return ExitCode.CONFIG;
                }
                if (task.isEmpty()) {
                    err.println("error: InvalidParameter.FlowNotFound: no task " + taskId);
                    return ExitCode.REFUSED;
                }
                printOne(out, task.get());
                return ExitCode.OK;
            }
            List<KillTask> tasks = service.tasks().stream().limit(Math.max(1, limit)).toList();
            if (format == ListCommand.Format.json) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                tasks.forEach(t -> list.add(Json.task(t)));
                out.println(Json.MAPPER.writeValueAsString(list));
                return ExitCode.OK;
            }
            Table table = new Table(60, "TASK", "REQUESTED", "ACTOR", "INSTANCE", "SHARD", "MODE", "STATUS",
                    "KILLED", "GONE", "PROTECTED", "DENIED", "FAILED", "DETAIL");
            for (KillTask t : tasks) {
                table.row(t.taskId(), t.requestedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), t.actor(), t.instanceId(), t.shardId(), t.mode(), t.status(),
                        t.count(Outcome.KILLED), t.count(Outcome.ALREADY_GONE), t.count(Outcome.PROTECTED),
                        t.count(Outcome.DENIED), t.count(Outcome.FAILED), t.detail());
            }
            table.print(out);
            if (tasks.isEmpty()) {
                out.println("No kill tasks yet.");
            }
            return ExitCode.OK;
        }
    }

    private void printOne(PrintWriter out, KillTask t) throws Exception {
        if (format == ListCommand.Format.json) {
            out.println(Json.MAPPER.writeValueAsString(Json.task(t)));
            return;
        }
        out.printf("TaskId %d  %s  (DescribeFlow status %d)%n", t.taskId(), t.status(), t.status().flowStatus());
        out.printf("  requested %s by %s%n", t.requestedAt(), t.actor());
        out.printf("  finished  %s%n", t.finishedAt() == null ? "-" : t.finishedAt());
        out.printf("  target    %s / %s%s, %s%n", t.instanceId(), t.shardId(),
                t.shardSerialId() == null ? "" : " (" + t.shardSerialId() + ")", t.mode());
        if (!t.detail().isEmpty()) {
            out.printf("  detail    %s%n", t.detail());
        }
        for (SessionOutcome outcome : t.outcomes()) {
            out.printf("  %d  %s%s%n", outcome.sessionId(), outcome.outcome(),
                    outcome.message().isEmpty() ? "" : "  " + outcome.message());
        }
    }
}
