package com.sessionconsole.ui.kill;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.ApiPace;
import com.sessionconsole.ui.sessions.SessionRow;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the kill confirmation shows, worked out from the plan before the dialog opens. Nothing changes while the
 * dialog is open, so these are plain values: the controller copies them into the view.
 *
 * @param header      the question the dialog asks
 * @param modeText    the mode and what it does, e.g. "Kill query: end the running statement only; ..."
 * @param summary     how many sessions on how many shards, and what a kill costs (rows rolled back) or leaves
 * @param skipped     the protected sessions the kill skips, or empty when there are none
 * @param estimate    how long a kill through the cloud API takes at least under its rate limit, or empty when no
 *                    selected session is on a cloud instance
 * @param confirmText the confirm button's words, e.g. "Kill 2 connections"
 * @param canKill     false when every selected session is protected: then there is nothing to confirm
 */
record KillConfirmationViewModel(String title, String header, String modeText, String summary, String skipped,
                                 String estimate, String confirmText, boolean canKill, List<SessionRow> rows) {
    static final String SELECTION_HEADER = "Kill the selected sessions?";

    KillConfirmationViewModel {
        rows = List.copyOf(rows);
    }

    static KillConfirmationViewModel of(KillPlan plan) {
        return of(plan, (ApiPace) null);
    }

    /** A selection's confirmation; {@code pace}: the least time its requests take under the cloud API's limits, or null. */
    static KillConfirmationViewModel of(KillPlan plan, ApiPace pace) {
        return of(plan, SELECTION_HEADER, "selected", plan.actionText(), pace);
    }

    /**
     * @param header  the question, e.g. "Kill what rule reports matched?"
     * @param chosen  how the sessions were chosen, for the summary: "selected", "matching"
     * @param pace    the least time the plan's requests take under the cloud API's limits, or null
     */
    static KillConfirmationViewModel of(KillPlan plan, String header, String chosen, String confirmText, ApiPace pace) {
        String cost = plan.mode() == KillMode.CONNECTION
                ? plan.rowsToRollBack() + " modified rows will roll back." : "Open transactions stay open and keep their locks.";
        String summary = plan.killable().size() + " of " + plan.rows().size() + " " + chosen + " sessions on " + plan.shards()
                + (plan.shards() == 1 ? " shard" : " shards") + " (one request per shard). " + cost;
        if (plan.rootBlockers()) {
            summary = plan.killable().size() + " of " + plan.rows().size() + " root blockers on " + plan.shards()
                    + (plan.shards() == 1 ? " shard" : " shards") + ". Frees " + plan.frees() + " waiting "
                    + (plan.frees() == 1 ? "session" : "sessions") + " (those further down a chain as it unwinds). "
                    + cost;
        }
        String skipped = plan.protectedRows().isEmpty() ? "" : "Skipped, protected: " + plan.protectedRows().stream()
                .map(r -> "session " + r.session().id() + " on " + r.session().shard().shardId()
                        + " (" + r.session().protectedReason() + ")")
                .collect(Collectors.joining("; "));
        if (plan.rootBlockers() && SELECTION_HEADER.equals(header)) {
            header = "Kill the root blockers?";
        }
        return new KillConfirmationViewModel(plan.title(), header, plan.title() + ": " + plan.mode().consequence(),
                summary, skipped, estimate(pace), confirmText, !plan.killable().isEmpty(), plan.rows());
    }

    /**
     * "Through the cloud API: about 3 s (40 KillSession requests; it allows 20 per second)": the busiest lane's
     * calls at its rate, plus a second for the first poll of the remote tasks and the round trips.
     */
    static String estimate(ApiPace pace) {
        if (pace == null) {
            return "";
        }
        long seconds = (pace.least().toMillis() + 1999) / 1000;
        return "Through the cloud API: about " + seconds + " s (" + pace.calls() + " " + pace.action()
                + (pace.calls() == 1 ? " call" : " calls") + "; the API allows " + pace.perSecond() + " per second).";
    }

    /** The note column: why a row is skipped, or what it holds or waits for. */
    static String note(SessionRow row) {
        return row.session().isProtected() ? "skipped: protected" : row.mark();
    }

    /** The statement column keeps the table narrow; the full statement is in the details pane. */
    static String excerpt(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
