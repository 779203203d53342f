package com.sessionconsole.ui.kill;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.ui.sessions.SessionRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.sessionconsole.ui.ViewModelFixtures.A1;
import static com.sessionconsole.ui.ViewModelFixtures.A2;
import static com.sessionconsole.ui.ViewModelFixtures.B1;
import static com.sessionconsole.ui.ViewModelFixtures.holder;
import static com.sessionconsole.ui.ViewModelFixtures.own;
import static com.sessionconsole.ui.ViewModelFixtures.session;
import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** What a selection becomes: one KillSession request per shard, with what the operator saw. Plain JUnit. */
class KillPlanTest {

    @Test
    void aSelectionOverSeveralShardsBecomesOneRequestPerShardWithWhatWasSeen() {
        List<SessionRow> rows = SessionRow.of(snapshot(List.of(session(A1, 1, "app", "Query", "SELECT 1"), own(A1, 2)),
                List.of(holder(A2, 4, 40)), List.of(session(B1, 6, "app", "Sleep", null)), null));
        KillPlan plan = new KillPlan(KillMode.CONNECTION, rows);

        List<KillRequest> requests = plan.requests();
        assertThat(requests).extracting(KillRequest::shardId).containsExactly("shard-a1", "shard-a2", "shard-b1");
        assertThat(requests.get(0).sessionIds()).containsExactly(1L, 2L);
        assertThat(requests.get(0).seen()).containsEntry(1L, "SELECT 1");
        assertThat(plan.protectedRows()).extracting(r -> r.session().id()).containsExactly(2L);
        assertThat(plan.rowsToRollBack()).isEqualTo(40);
        assertThat(plan.actionText()).isEqualTo("Kill 3 connections");
        assertThat(new KillPlan(KillMode.QUERY, rows).rowsToRollBack()).isZero();
    }
}
