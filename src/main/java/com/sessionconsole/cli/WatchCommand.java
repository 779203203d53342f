package com.sessionconsole.cli;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.rules.RoundResult;
import com.sessionconsole.killsession.rules.Rule;
import com.sessionconsole.killsession.rules.RuleBook;
import com.sessionconsole.killsession.rules.RuleMatch;
import com.sessionconsole.killsession.rules.RuleRun;
import com.sessionconsole.killsession.rules.RulesFile;
import com.sessionconsole.killsession.rules.RulesFileException;
import com.sessionconsole.killsession.rules.Seconds;
import com.sessionconsole.killsession.rules.Watch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code session-console watch}: a rule applied every interval for a bounded time, each round a live read and a
 * kill of what it matched, with one line per round. Ctrl-C stops it after the round under way.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "session-console watch (--rule NAME | --match-user U --busy-time 30 ...) [--instance ID]"
                + " [--shard ID] [--query] --interval S --run-time DURATION [--print] (--dry-run | --yes)",
        description = {"Apply a rule every --interval for --run-time (at most the rules file's maxWatchTime, 1h by"
                + " default): each round reads every shard in scope live and kills what the rule matches through"
                + " the KillSession service, audited with the rule's name. A shard that fails is reported and the"
                + " watch goes on. Ctrl-C stops it.", "Rule options are pt-kill's where the meaning is the same."})
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    private SessionConsoleCli root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RuleOptions rule;

    @Option(names = {"--query", "--kill-query"}, description = "KILL QUERY: end the running statement only."
            + " Default: KILL CONNECTION.")
    private boolean query;

    @Option(names = "--interval", paramLabel = "S", defaultValue = "1", description = "Seconds between rounds"
            + " (default: ${DEFAULT-VALUE}; at least 0.5).")
    private String interval;

    @Option(names = "--run-time", required = true, paramLabel = "DURATION", description = "How long to watch: 600,"
            + " 10m, 1h.")
    private String runTime;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    private boolean yes;

    @Option(names = "--dry-run", description = "Print each round's matches, kill nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!rule.given()) {
            err.println("error: MissingParameter: give a rule: --rule NAME, or match options (--match-user U"
                    + " --busy-time 30 ...)");
            return ExitCode.REFUSED;
        }
        RuleKill kills = new RuleKill(root, out, err);
        Rule made = kills.rule(rule, query ? KillMode.QUERY : KillMode.CONNECTION, query);
        if (made == null) {
            return kills.refusal;
        }
        RuleBook book;
        try {
            book = RulesFile.load(RulesFile.beside(root.inventoryFile()));
        } catch (RulesFileException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.CONFIG;
        }
        try (KillSessionService service = root.openService(err)) {
            if (service == null) {
                return ExitCode.CONFIG;
            }
            RuleRun run = new RuleRun(service);
            Watch watch;
            try {
                watch = new Watch(run, made, Caller.operator("cli"), time("interval", interval),
                        time("run-time", runTime), book.maxWatchTime(), dryRun);
            } catch (IllegalArgumentException e) {
                err.println("error: InvalidParameter: --" + e.getMessage());
                return ExitCode.REFUSED;
            }
            RuleMatch first;
            try {
                first = run.preview(made, Caller.operator("cli"));
            } catch (KillSessionException e) {
                err.println("error: " + e.code().code() + ": " + e.getMessage());
                return ExitCode.REFUSED;
            }
            RulePrinter.preview(out, first, yes || dryRun ? 0 : RulePrinter.SHOWN_BEFORE_CONFIRMING);
            if (!yes && !dryRun && !confirm(out, err, watch)) {
                return ExitCode.REFUSED;
            }
            return watch(out, err, watch);
        }
    }

    private static Duration time(String option, String text) {
        try {
            return Seconds.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private int watch(PrintWriter out, PrintWriter err, Watch watch) {
        out.printf("Watching %s every %s for %s%s. Ctrl-C stops.%n", watch.rule().label(),
                Seconds.format(watch.interval()), Seconds.format(watch.runTime()), dryRun ? " (dry run: no kills)" : "");
        out.flush();
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            watch.stop();
            try {
                // The round under way ends within the service's kill timeouts; then the summary is printed.
                reported.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Watch.Summary summary = watch.run(new Watch.Listener() {
            @Override
            public void round(int number, RoundResult result) {
                out.printf("%s round %d: %s%n", LocalTime.now().truncatedTo(ChronoUnit.MILLIS), number,
                        result.summary());
                if (rule.print && !result.match().victims().isEmpty()) {
                    RulePrinter.sessions(out, result.match().victims());
                }
                RulePrinter.round(out, err, result, false);
                out.flush();
                err.flush();
            }

            @Override
            public void roundFailed(int number, String error) {
                err.printf("error: round %d: %s%n", number, error);
                err.flush();
            }
        });
        out.printf("Watch %s: %s after %d round(s) in %s: %d killed, %d already gone, %d failed%s.%n",
                watch.rule().label(), summary.stopped() ? "stopped" : summary.refusal() != null ? "ended" : "done",
                summary.rounds(), Seconds.format(Duration.ofMillis(summary.ran().toMillis())), summary.killed(),
                summary.alreadyGone(), summary.failed(), summary.failedRounds() > 0 ? "; " + summary.failedRounds()
                        + " round(s) failed" : "");
        out.flush();
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down (Ctrl-C): the hook is running and has just been released
        }
        if (summary.refusal() != null) {
            return ExitCode.REFUSED;
        }
        return summary.failed() > 0 ? ExitCode.INCOMPLETE : summary.failedRounds() > 0 ? ExitCode.UNREACHABLE
                : ExitCode.OK;
    }

    private boolean confirm(PrintWriter out, PrintWriter err, Watch watch) {
        Console console = System.console();
        if (console == null) {
            err.println("error: refused: no terminal to confirm on; pass --yes to watch without asking"
                    + " (or --dry-run to only look)");
            return false;
        }
        out.flush();
        String answer = console.readLine("Kill what rule %s matches every %s for %s? [y/N] ", watch.rule().label(),
                Seconds.format(watch.interval()), Seconds.format(watch.runTime()));
        if (answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
            return true;
        }
        err.println("Cancelled: nothing was killed.");
        return false;
    }
}
