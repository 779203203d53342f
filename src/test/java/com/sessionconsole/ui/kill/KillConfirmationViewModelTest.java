package com.sessionconsole.ui.kill;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.backend.ApiCalls;
import com.sessionconsole.killsession.ApiPace;
import com.sessionconsole.ui.sessions.SessionRow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static com.sessionconsole.ui.ViewModelFixtures.A1;
import static com.sessionconsole.ui.ViewModelFixtures.A2;
import static com.sessionconsole.ui.ViewModelFixtures.holder;
import static com.sessionconsole.ui.ViewModelFixtures.own;
import static com.sessionconsole.ui.ViewModelFixtures.session;
import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** What the kill confirmation says, from the plan alone: plain JUnit, no toolkit. */
class KillConfirmationViewModelTest {

    private static List<SessionRow> rows() {
        return SessionRow.of(snapshot(List.of(session(A1, 1, "app", "Query", "SELECT 1"), own(A1, 2)),
                List.of(holder(A2, 4, 40)), List.of(), null));
    }

    @Test
    void aConnectionKillNamesItsCostAndTheProtectedSessionItSkips() {
        KillConfirmationViewModel model = KillConfirmationViewModel.of(new KillPlan(KillMode.CONNECTION, rows()));

        assertThat(model.title()).isEqualTo("Kill connection");
        assertThat(model.modeText())
                .isEqualTo("Kill connection: end the statement and the connection, roll back its open transaction");
        assertThat(model.summary()).isEqualTo("2 of 3 selected sessions on 2 shards (one request per shard)."
                + " 40 modified rows will roll back.");
        assertThat(model.skipped()).isEqualTo("Skipped, protected: session 2 on shard-a1 (the console's own connection)");
        assertThat(model.confirmText()).isEqualTo("Kill 2 connections");
        assertThat(model.canKill()).isTrue();
        assertThat(model.rows()).extracting(r -> r.session().id()).containsExactly(1L, 2L, 4L);
    }

    @Test
    void aQueryKillSaysTheTransactionsStayOpen() {
        List<SessionRow> unprotected = rows().stream().filter(r -> !r.session().isProtected()).toList();
        KillConfirmationViewModel model = KillConfirmationViewModel.of(new KillPlan(KillMode.QUERY, unprotected.subList(0, 1)));

        assertThat(model.title()).isEqualTo("Kill query");
        assertThat(model.modeText()).startsWith("Kill query: end the running statement only");
        assertThat(model.summary()).isEqualTo("1 of 1 selected sessions on 1 shard (one request per shard)."
                + " Open transactions stay open and keep their locks.");
        assertThat(model.skipped()).isEmpty();
        assertThat(model.confirmText()).isEqualTo("Kill 1 query");
    }

    @Test
    void theWindowUsesTheSameWordsForTheModeAsTheCommandLine() {
        for (KillMode mode : KillMode.values()) {
            String shown = KillConfirmationViewModel.of(new KillPlan(mode, rows())).modeText();
            assertThat(shown.toLowerCase(Locale.ROOT)).isEqualTo(mode.inWords());
        }
    }

    @Test
    void onlyProtectedSessionsLeaveNothingToKill() {
        List<SessionRow> own = rows().stream().filter(r -> r.session().isProtected()).toList();
        KillConfirmationViewModel model = KillConfirmationViewModel.of(new KillPlan(KillMode.CONNECTION, own));

        assertThat(model.canKill()).isFalse();
        assertThat(model.confirmText()).isEqualTo("Kill 0 connections");
        assertThat(KillConfirmationViewModel.note(own.get(0))).isEqualTo("skipped: protected");
    }

    @Test
    void longStatementsAreCutForTheTable() {
        assertThat(KillConfirmationViewModel.excerpt("x".repeat(200))).hasSize(120).endsWith("...");
        assertThat(KillConfirmationViewModel.excerpt("SELECT 1")).isEqualTo("SELECT 1");
    }

    @Test
    void aKillThroughTheCloudApiShowsItsEstimatedTime() {
        ApiPace pace = ApiPace.of(List.of(new ApiCalls("account 1", "KillSession", 40, 20),
                new ApiCalls("account 1", "DescribeProcessList", 40, 20), new ApiCalls("account 1", "DescribeFlow", 40, 20),
                new ApiCalls("account 2", "KillSession", 3, 20)));
        KillConfirmationViewModel model = KillConfirmationViewModel.of(new KillPlan(KillMode.CONNECTION, rows()), pace);

        assertThat(model.estimate()).isEqualTo("Through the cloud API: about 3 s (40 KillSession calls;"
                + " the API allows 20 per second).");
        assertThat(KillConfirmationViewModel.of(new KillPlan(KillMode.CONNECTION, rows())).estimate()).isEmpty();
    }
}
