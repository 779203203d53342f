package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.FleetLockChains;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.SessionFilter;
import com.sessionconsole.killsession.SessionJson;
import com.sessionconsole.killsession.ShardSessions;
import com.sessionconsole.killsession.rules.GroupBy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code session-console list}: the sessions of the fleet, an instance or a shard. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"List the sessions of every shard (read in parallel), of one instance or of one shard.",
                "With --locks, each shard's lock chains instead; with --explain, the plan of one running statement."})
final class ListCommand implements Callable<Integer> {

    enum Format { table, json }

    @ParentCommand
    private SessionConsoleCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--instance", paramLabel = "ID", description = "Only this instance.")
    private String instance;

    @Option(names = "--shard", paramLabel = "SHARD_ID", description = "Only this shard (needs --instance).")
    private String shard;

    @Option(names = "--user", description = "User contains this text.")
    private String user;

    @Option(names = "--host", description = "Host contains this text.")
    private String host;

    @Option(names = "--db", description = "Db contains this text.")
    private String db;

    @Option(names = "--command", description = "Command is exactly this (Query, Sleep, ...).")
    private String command;

    @Option(names = "--min-time", paramLabel = "SECONDS", description = "Time is at least this many seconds.")
    private long minTime;

    @Option(names = "--hide-sleeping", description = "Leave out idle sessions without an open transaction.")
    private boolean hideSleeping;

    @Option(names = "--hide-protected", description = "Leave out sessions that may not be killed.")
    private boolean hideProtected;

    @Option(names = "--locks", description = "Print each shard's lock chains instead of its sessions: every root"
            + " blocker, the sessions waiting for it to any depth, and how many sessions its kill frees.")
    private boolean locks;

    @Option(names = "--explain", paramLabel = "SESSION_ID", description = "Print the plan of the statement this"
            + " session runs now (needs --instance and --shard).")
    private Long explain;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--group-by", paramLabel = "user|host|db|command|fingerprint", description = "Print groups"
            + " instead of sessions: count, running, total and longest time, shards spanned.")
    private String groupBy;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (groupBy != null) {
            try {
                GroupBy.parse(groupBy);
            } catch (IllegalArgumentException e) {
                err.println("error: InvalidParameter: --group-by: " + e.getMessage());
                return ExitCode.REFUSED;
            }
        }
        if (shard != null && instance == null) {
            err.println("error: MissingParameter: --shard needs --instance");
            return ExitCode.REFUSED;
        }
        if (locks && explain != null) {
            err.println("error: InvalidParameter: --locks and --explain cannot be combined");
            return ExitCode.REFUSED;
        }
        if ((locks || explain != null) && (user != null || host != null || db != null || command != null
                || minTime != 0 || hideSleeping || hideProtected)) {
            err.println("error: InvalidParameter: --user, --host, --db, --command, --min-time, --hide-sleeping and"
                    + " --hide-protected filter the session list; they do not apply to "
                    + (locks ? "--locks" : "--explain"));
            return ExitCode.REFUSED;
        }
        if (explain != null && (instance == null || shard == null)) {
            err.println("error: MissingParameter: --explain needs --instance and --shard");
            return ExitCode.REFUSED;
        }
        try (KillSessionService service = root.openService(err)) {
            if (service == null) {
                return ExitCode.CONFIG;
            }
            if (explain != null) {
                return explain(service, out, err);
            }
            if (locks) {
                return locks(service, out, err);
            }
            Scope scope = instance == null ? Scope.FLEET : new Scope(instance, shard);
            FleetSnapshot snapshot;
            try {
                snapshot = service.listSessions(scope, Caller.operator("cli"));
            } catch (KillSessionException e) {
                err.println("error: " + e.code().code() + ": " + e.getMessage());
                return ExitCode.REFUSED;
            }
            SessionFilter filter = new SessionFilter(null, user, host, db, command, minTime, hideSleeping, hideProtected);
            List<Session> sessions = snapshot.sessions().stream().filter(filter)
                    .sorted(Comparator.comparing((Session s) -> s.shard().key()).thenComparingLong(Session::id))
                    .toList();
            if (groupBy != null) {
                SessionGroups.print(out, GroupBy.parse(groupBy), sessions, format == Format.json);
                printErrors(err, snapshot);
            } else if (format == Format.json) {
                printJson(out, snapshot, sessions);
            } else {
                printTable(out, err, snapshot, sessions);
            }
            return snapshot.shardsInError() > 0 ? ExitCode.UNREACHABLE : ExitCode.OK;
        }
    }

    private int locks(KillSessionService service, PrintWriter out, PrintWriter err) throws Exception {
        FleetLockChains chains;
        try {
            chains = service.lockChains(instance == null ? Scope.FLEET : new Scope(instance, shard),
                    Caller.operator("cli"));
        } catch (KillSessionException e) {
            err.println("error: " + e.code().code() + ": " + e.getMessage());
            return ExitCode.REFUSED;
        }
        if (format == Format.json) {
            LockChainPrinter.printJson(out, chains);
        } else {
            LockChainPrinter.printTree(out, err, chains);
        }
        return chains.shardsInError() > 0 ? ExitCode.UNREACHABLE : ExitCode.OK;
    }

    private int explain(KillSessionService service, PrintWriter out, PrintWriter err) throws Exception {
        ExplainPlan plan;
        try {
            plan = service.explain(instance, shard, explain, Caller.operator("cli"));
        } catch (KillSessionException e) {
            err.println("error: " + e.code().code() + ": " + e.getMessage());
            return e.code() == ErrorCode.BACKEND_FAILED ? ExitCode.UNREACHABLE : ExitCode.REFUSED;
        }
        if (format == Format.json) {
            PlanPrinter.printJson(out, instance, shard, explain, plan);
        } else {
            PlanPrinter.printTable(out, instance + "/" + shard, explain, plan);
        }
        return ExitCode.OK;
    }

    private static void printTable(PrintWriter out, PrintWriter err, FleetSnapshot snapshot, List<Session> sessions) {
        Table table = new Table(60, "INSTANCE", "SHARD", "ID", "USER", "HOST", "DB", "COMMAND", "TIME", "STATE",
                "TRX_AGE", "TRX_ROWS", "WAITS_ON", "PROTECTED", "STATEMENT");
        for (Session s : sessions) {
            table.row(s.shard().instanceId(), s.shard().shardId(), s.id(), s.user(), s.host(), s.db(), s.command(),
                    s.timeSeconds(), s.state(), s.transaction() == null ? "" : s.transaction().ageSeconds() + "s",
                    s.transaction() == null ? "" : s.transaction().rowsModified(),
                    s.blockedBy() == null ? "" : s.blockedBy(), s.isProtected() ? s.protectedReason() : "",
                    s.statementOneLine());
        }
        table.print(out);
        out.printf("%d sessions shown of %d, %d shards read in %d ms%n", sessions.size(), snapshot.sessions().size(),
                snapshot.shards().size(), snapshot.took().toMillis());
        printErrors(err, snapshot);
    }

    private static void printErrors(PrintWriter err, FleetSnapshot snapshot) {
        for (Map.Entry<String, String> error : snapshot.instanceErrors().entrySet()) {
            err.println("error: FailedOperation.OssOperationFailed: instance " + error.getKey() + ": " + error.getValue());
        }
        for (ShardSessions shard : snapshot.shards()) {
            if (!shard.ok()) {
                err.println("error: FailedOperation.OssOperationFailed: " + shard.shard().instanceId() + "/"
                        + shard.shard().shardId() + ": " + shard.error());
            }
        }
    }

    private static void printJson(PrintWriter out, FleetSnapshot snapshot, List<Session> sessions) throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("readAt", snapshot.readAt().toString());
        root.put("tookMillis", snapshot.took().toMillis());
        ArrayNode shards = root.putArray("shards");
        for (ShardSessions shard : snapshot.shards()) {
            ObjectNode node = shards.addObject();
            node.put("instanceId", shard.shard().instanceId());
            node.put("shardId", shard.shard().shardId());
            node.put("shardSerialId", shard.shard().shardSerialId());
            node.put("sessions", shard.sessions().size());
            node.put("error", shard.error());
        }
        snapshot.instanceErrors().forEach((id, error) -> {
            ObjectNode node = shards.addObject();
            node.put("instanceId", id);
            node.put("error", error);
        });
        ArrayNode list = root.putArray("sessions");
        sessions.forEach(s -> SessionJson.write(list.addObject(), s, snapshot.readAt(), SessionJson.Style.CONSOLE));
        out.println(Json.MAPPER.writeValueAsString(root));
    }
}
