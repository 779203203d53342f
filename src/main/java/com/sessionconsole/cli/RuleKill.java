package com.sessionconsole.cli;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.rules.RoundResult;
import com.sessionconsole.killsession.rules.Rule;
import com.sessionconsole.killsession.rules.RuleBook;
import com.sessionconsole.killsession.rules.RuleMatch;
import com.sessionconsole.killsession.rules.RuleRun;
import com.sessionconsole.killsession.rules.RulesFile;
import com.sessionconsole.killsession.rules.RulesFileException;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code kill} by rule: a live read of the rule's scope shown first (or printed in full with --print), confirmed,
 * then every shard's victims at once through KillSession, each request audited with the rule's name.
 */
final class RuleKill {
    private final SessionConsoleCli root;
    private final PrintWriter out;
    private final PrintWriter err;

    RuleKill(SessionConsoleCli root, PrintWriter out, PrintWriter err) {
        this.root = root;
        this.out = out;
        this.err = err;
    }

    /** The rule the options say; null after printing why when it cannot be made (see {@link #refusal}). */
    Rule rule(RuleOptions options, KillMode mode, boolean modeGiven) {
        RuleBook book = RuleBook.EMPTY;
        if (options.ruleName != null) {
            try {
                book = RulesFile.load(RulesFile.beside(root.inventoryFile()));
            } catch (RulesFileException e) {
                err.println("error: " + e.getMessage());
                refusal = ExitCode.CONFIG;
                return null;
            }
        }
        try {
            return options.rule(mode, modeGiven, book);
        } catch (IllegalArgumentException e) {
            err.println("error: InvalidParameter: " + e.getMessage());
            refusal = ExitCode.REFUSED;
            return null;
        }
    }

    /** The exit code when {@link #rule} could not make the rule. */
    int refusal = ExitCode.REFUSED;

    int kill(Rule rule, boolean print, boolean yes, boolean dryRun) {
        try (KillSessionService service = root.openService(err)) {
            if (service == null) {
                return ExitCode.CONFIG;
            }
            Caller caller = Caller.operator("cli");
            RuleRun run = new RuleRun(service);
            RuleMatch match;
            try {
                match = run.preview(rule, caller);
            } catch (KillSessionException e) {
                return failed(e);
            }
            RulePrinter.preview(out, match, print || dryRun ? Integer.MAX_VALUE
                    : yes ? 0 : RulePrinter.SHOWN_BEFORE_CONFIRMING);
            match.shardErrors().forEach(e -> err.println("error: FailedOperation.OssOperationFailed: " + e));
            int unreadable = match.shardErrors().isEmpty() ? ExitCode.OK : ExitCode.UNREACHABLE;
            if (dryRun) {
                out.println("Dry run: nothing was killed.");
                return unreadable;
            }
            if (match.victims().isEmpty()) {
                return unreadable;
            }
            if (!yes && !confirm(match)) {
                return ExitCode.REFUSED;
            }
            RoundResult result = run.kill(match, caller);
            RulePrinter.round(out, err, result, true);
            out.println("Rule " + rule.label() + ": " + result.summary() + " in " + result.took().toMillis() + " ms.");
            if (!result.failures().isEmpty() || !result.refused().isEmpty()) {
                return ExitCode.INCOMPLETE;
            }
            return unreadable;
        }
    }

    private int failed(KillSessionException e) {
        err.println("error: " + e.code().code() + ": " + e.getMessage());
        return e.code() == ErrorCode.BACKEND_FAILED ? ExitCode.UNREACHABLE
                : e.code() == ErrorCode.INTERNAL_ERROR ? ExitCode.INTERNAL : ExitCode.REFUSED;
    }

    private boolean confirm(RuleMatch match) {
        Console console = System.console();
        if (console == null) {
            err.println("error: refused: no terminal to confirm on; pass --yes to kill without asking"
                    + " (or --dry-run to only look)");
            return false;
        }
        out.flush();
        String answer = console.readLine("Kill %d session(s) on %d shard(s) (%s)? [y/N] ", match.victims().size(),
                match.shardsWithVictims(), match.rule().action().mode() == KillMode.QUERY ? "query only" : "connection");
        if (answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
            return true;
        }
        err.println("Cancelled: nothing was killed.");
        return false;
    }
}
