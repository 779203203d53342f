package com.sessionconsole.ui.tree;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.ShardSessions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.sessionconsole.ui.ViewModelFixtures.A1;
import static com.sessionconsole.ui.ViewModelFixtures.A2;
import static com.sessionconsole.ui.ViewModelFixtures.holder;
import static com.sessionconsole.ui.ViewModelFixtures.session;
import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static com.sessionconsole.ui.ViewModelFixtures.waiter;
import static org.assertj.core.api.Assertions.assertThat;

/** The fleet tree's nodes, built from a refresh: plain JUnit, no toolkit. */
class FleetTreeViewModelTest {

    @Test
    void theTreeCountsSessionsAndMarksTheUnreachableShard() {
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(snapshot(List.of(session(A1, 1, "app", "Sleep", null), session(A1, 2, "app", "Sleep", null)),
                List.of(session(A2, 3, "app", "Sleep", null)), List.of(), "Connection refused"));
        FleetNode root = tree.rootProperty().get();
        assertThat(root.label()).isEqualTo("Fleet");
        assertThat(root.summary()).isEqualTo("3 sessions  ·  0 running  ·  0 waiting on locks  ·  1 shard in error");
        FleetNode orders = root.children().get(0);
        assertThat(orders.sessions()).isEqualTo(3);
        FleetNode billing = root.children().get(1);
        assertThat(billing.failed()).isTrue();
        assertThat(billing.children().get(0).error()).isEqualTo("Connection refused");
        assertThat(billing.children().get(0).label()).contains("unreachable");
    }

    @Test
    void anInstanceWithoutANameOfItsOwnShowsItsIdOnce() {
        Shard shard = new Shard("tdsqlshard-x", "shard-x1", "set_9_1", "127.0.0.1:9", "running");
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(new FleetSnapshot(Instant.EPOCH, Duration.ZERO,
                List.of(new Instance("tdsqlshard-x", "tdsqlshard-x", InstanceKind.MYSQL, "running", "", List.of(shard)),
                        new Instance("tdsqlshard-y", "", InstanceKind.DCDB, "running", "", List.of())),
                Map.of(), List.of(new ShardSessions(shard, List.of(), null, Duration.ZERO))));

        assertThat(tree.rootProperty().get().children()).extracting(FleetNode::name)
                .containsExactly("tdsqlshard-x", "tdsqlshard-y");
        assertThat(tree.rootProperty().get().children().get(0).label()).isEqualTo("tdsqlshard-x");
        assertThat(tree.rootProperty().get().children().get(0).summary()).isEqualTo("0 sessions  ·  0 running  ·  0 waiting on locks");
    }

    @Test
    void aNamedInstanceShowsItsNameThenItsId() {
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(snapshot(List.of(), List.of(), List.of(), null));

        assertThat(tree.rootProperty().get().children()).extracting(FleetNode::name)
                .containsExactly("orders (tdsqlshard-a)", "billing (tdsqlshard-b)");
    }

    @Test
    void eachInstanceSumsItsShardsSessionsRunningWaitingAndErrors() {
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(busy());

        FleetNode orders = tree.rootProperty().get().children().get(0);
        assertThat(orders.summary()).isEqualTo("5 sessions  ·  3 running  ·  1 waiting on locks");
        assertThat(orders.children().get(1).label()).isEqualTo("shard-a2  ·  3 sessions, 2 running");
        assertThat(tree.rootProperty().get().children().get(1).summary())
                .isEqualTo("0 sessions  ·  0 running  ·  0 waiting on locks  ·  1 shard in error");
    }

    @Test
    void theNameFilterKeepsAMatchingInstanceWholeAndAMatchingShardAlone() {
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(busy());

        tree.nameFilterProperty().set("ORDERS");
        assertThat(ids(tree)).containsExactly("tdsqlshard-a", "tdsqlshard-a/shard-a1", "tdsqlshard-a/shard-a2");
        tree.nameFilterProperty().set("a2");
        assertThat(ids(tree)).containsExactly("tdsqlshard-a", "tdsqlshard-a/shard-a2");
        tree.nameFilterProperty().set("set_2_1"); // the set name a DBA knows from DCDB
        assertThat(ids(tree)).containsExactly("tdsqlshard-b", "tdsqlshard-b/shard-b1");
        tree.nameFilterProperty().set("no such shard");
        assertThat(ids(tree)).isEmpty();
        // The fleet's own figures cover every shard, whatever the tree shows.
        assertThat(tree.rootProperty().get().sessions()).isEqualTo(5);
    }

    @Test
    void shardsInErrorShowsOnlyTheShardsThatDidNotAnswer() {
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(busy());

        tree.errorsOnlyProperty().set(true);
        assertThat(ids(tree)).containsExactly("tdsqlshard-b", "tdsqlshard-b/shard-b1");
        tree.errorsOnlyProperty().set(false);
        assertThat(ids(tree)).hasSize(5);
    }

    @Test
    void sortByRunningPutsTheBusiestInstanceAndShardFirst() {
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(busy());
        assertThat(ids(tree)).containsExactly("tdsqlshard-a", "tdsqlshard-a/shard-a1", "tdsqlshard-a/shard-a2",
                "tdsqlshard-b", "tdsqlshard-b/shard-b1");

        tree.sortByRunningProperty().set(true);
        assertThat(ids(tree)).containsExactly("tdsqlshard-a", "tdsqlshard-a/shard-a2", "tdsqlshard-a/shard-a1",
                "tdsqlshard-b", "tdsqlshard-b/shard-b1");
        // A new refresh keeps the order chosen.
        tree.apply(busy());
        assertThat(ids(tree).get(1)).isEqualTo("tdsqlshard-a/shard-a2");
    }

    /** a1: 2 sessions, 1 running; a2: a holder and 2 running (one waits on a lock); b1 unreachable. */
    private static FleetSnapshot busy() {
        return snapshot(List.of(session(A1, 1, "app", "Sleep", null), session(A1, 2, "app", "Query", "SELECT 1")),
                List.of(holder(A2, 3, 10), session(A2, 4, "app", "Query", "SELECT 2"), waiter(A2, 5, 3)), List.of(),
                "Connection refused");
    }

    private static List<String> ids(FleetTreeViewModel tree) {
        List<String> ids = new java.util.ArrayList<>();
        for (FleetNode instance : tree.rootProperty().get().children()) {
            ids.add(instance.id());
            instance.children().forEach(shard -> ids.add(shard.id()));
        }
        return ids;
    }
}
