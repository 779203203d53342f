package com.sessionconsole.ui;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.killsession.KillRequest;
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

/** The refresh bookkeeping, the fleet tree, and the kill plan: plain JUnit, no toolkit. */
class ConsoleViewModelTest {

    @Test
    void anOlderRefreshArrivingLateIsDropped() {
        ConsoleViewModel console = new ConsoleViewModel();
        long first = console.beginRefresh();
        long second = console.beginRefresh();
        assertThat(console.accept(second)).isTrue();
        assertThat(console.accept(first)).isFalse();
        assertThat(console.refreshingProperty().get()).isFalse();
    }

    @Test
    void aShardInErrorShowsInTheStatusAndTheProblemLineAndClearsWhenItAnswers() {
        ConsoleViewModel console = new ConsoleViewModel();
        console.refreshed(snapshot(List.of(), List.of(), List.of(), "connect timed out"));
        assertThat(console.shardErrorsProperty().get()).isEqualTo("1 shard in error");
        assertThat(console.problemProperty().get()).contains("shard-b1").contains("connect timed out");
        assertThat(console.lastRefreshProperty().get()).contains("in 42 ms");

        console.refreshed(snapshot(List.of(), List.of(), List.of(), null));
        assertThat(console.shardErrorsProperty().get()).isEqualTo("All shards answered");
        assertThat(console.problemProperty().get()).isEmpty();
    }

    @Test
    void theTreeCountsSessionsAndMarksTheUnreachableShard() {
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(snapshot(List.of(session(A1, 1, "app", "Sleep", null), session(A1, 2, "app", "Sleep", null)),
                List.of(session(A2, 3, "app", "Sleep", null)), List.of(), "Connection refused"));
        FleetNode root = tree.rootProperty().get();
        assertThat(root.label()).startsWith("Fleet").contains("3 sessions");
        FleetNode orders = root.children().get(0);
        assertThat(orders.sessions()).isEqualTo(3);
        FleetNode billing = root.children().get(1);
        assertThat(billing.failed()).isTrue();
        assertThat(billing.children().get(0).error()).isEqualTo("Connection refused");
        assertThat(billing.children().get(0).label()).contains("unreachable");
    }

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

    @Test
    void theInventoryEditorNamesTheFieldThatIsWrong() {
        InventoryEditorViewModel editor = new InventoryEditorViewModel(com.sessionconsole.fleet.inventory.Inventory.empty(null), java.nio.file.Path.of("inv.yaml"));
        InventoryEditorViewModel.InstanceDraft draft = editor.addInstance();
        draft.id.set("tdsqlshard-new1");
        InventoryEditorViewModel.ShardDraft shard = draft.shards.get(0);
        shard.shardId.set("shard-new1s1");
        shard.shardSerialId.set("set_1_1");
        shard.user.set("console");
        shard.port.set("33o6");

        assertThat(editor.toInventory()).isNull();
        assertThat(editor.problemProperty().get()).contains("tdsqlshard-new1").contains("port");

        shard.port.set("3306");
        shard.shardSerialId.set("oops");
        assertThat(editor.toInventory()).isNull();
        assertThat(editor.problemProperty().get()).contains("shardSerialId");

        shard.shardSerialId.set("set_1_1");
        assertThat(editor.toInventory().instances()).hasSize(1);
        assertThat(editor.problemProperty().get()).isEmpty();
    }
}
