package com.sessionconsole.ui.rules;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.rules.Rule;
import com.sessionconsole.killsession.rules.RuleMatch;
import com.sessionconsole.killsession.rules.RuleRun;
import com.sessionconsole.killsession.rules.Seconds;
import com.sessionconsole.killsession.rules.Watch;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ProblemLine;
import com.sessionconsole.ui.common.Problems;
import com.sessionconsole.ui.common.WindowContext;
import com.sessionconsole.ui.kill.KillFlow;
import com.sessionconsole.ui.sessions.SessionRow;
import javafx.stage.Window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * "Kill N matches" and "Watch" of the rules pane: a live read of the rule's scope off the FX thread, the window's
 * kill confirmation of what it matched (Cancel as default), then the kill through the same service as every
 * front end, audited with the rule's name; or a watch, shown in the status bar.
 */
public final class RuleKills {
    private final RuleRun run;
    private final Background background;
    private final WindowContext context;
    private final KillFlow kills;
    private final RulesPaneViewModel pane;
    private final WatchViewModel watch;
    private final ProblemLine problems;
    private final Runnable afterKill;

    /** @param afterKill refreshes the window and its task history after a kill or a watch's round */
    public RuleKills(KillSessionService service, Background background, WindowContext context, KillFlow kills,
                     RulesPaneViewModel pane, WatchViewModel watch, ProblemLine problems, Runnable afterKill) {
        this.run = new RuleRun(service);
        this.background = background;
        this.context = context;
        this.kills = kills;
        this.pane = pane;
        this.watch = watch;
        this.problems = problems;
        this.afterKill = afterKill;
    }

    public void kill(Window owner) {
        Rule rule = rule();
        if (rule == null) {
            return;
        }
        background.run(() -> run.preview(rule, context.caller()), match -> {
            String header = "Kill what rule " + rule.label() + " matched? (read live just now)";
            if (kills.confirm(rule.action().mode(), rows(match), header, null, owner)) {
                background.run(() -> run.kill(match, context.caller()), result -> {
                    kills.report("Rule " + rule.label(), result.tasks(), result.refused(), owner);
                    problems.killProblem(result.match().shardErrors().isEmpty() ? problemsOf(result.failures())
                            : "Rule " + rule.label() + ": " + String.join("   |   ", result.match().shardErrors()));
                }, error -> problems.killProblem("Rule " + rule.label() + ": " + Problems.describe(error)));
            }
        }, error -> problems.killProblem("Rule " + rule.label() + ": " + Problems.describe(error)));
    }

    public void watch(Window owner) {
        Rule rule = rule();
        if (rule == null) {
            return;
        }
        if (watch.runningProperty().get()) {
            problems.killProblem("A watch is running: stop it first (the status bar's Stop, Ctrl+.)");
            return;
        }
        Watch made;
        try {
            made = new Watch(run, rule, context.caller(), time("Interval", pane.intervalProperty().get()),
                    time("Run time", pane.runTimeProperty().get()), pane.book().maxWatchTime(), false);
        } catch (IllegalArgumentException e) {
            problems.killProblem("Watch: " + e.getMessage());
            return;
        }
        background.run(() -> run.preview(rule, context.caller()), match -> {
            String header = "Start a watch: every " + Seconds.format(made.interval()) + " for "
                    + Seconds.format(made.runTime()) + ", kill what rule " + rule.label() + " matches. Now it matches:";
            if (kills.confirm(rule.action().mode(), rows(match), header, "Start watch", owner)) {
                problems.killProblem("");
                watch.start(made, afterKill);
            }
        }, error -> problems.killProblem("Rule " + rule.label() + ": " + Problems.describe(error)));
    }

    private Rule rule() {
        Rule rule = pane.form().ruleProperty().get();
        if (rule == null) {
            String why = pane.form().problemProperty().get();
            problems.killProblem("Rule: " + (why.isEmpty() ? "give at least one condition" : why));
        }
        return rule;
    }

    /** The confirmation's rows: the victims, and the protected matches it lists as skipped. */
    private static List<SessionRow> rows(RuleMatch match) {
        List<Session> shown = new ArrayList<>(match.victims());
        match.skipped().stream().map(RuleMatch.Skipped::session).filter(Session::isProtected).forEach(shown::add);
        return SessionRow.of(shown);
    }

    private static String problemsOf(List<String> failures) {
        return failures.isEmpty() ? "" : "Rule kill: " + String.join("   |   ", failures.subList(0,
                Math.min(5, failures.size()))) + (failures.size() > 5 ? "   |   and " + (failures.size() - 5) + " more" : "");
    }

    private static Duration time(String label, String text) {
        try {
            return Seconds.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage());
        }
    }
}
