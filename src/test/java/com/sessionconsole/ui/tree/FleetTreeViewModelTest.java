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
import static com.sessionconsole.ui.ViewModelFixtures.session;
import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** The fleet tree's nodes, built from a refresh: plain JUnit, no toolkit. */
class FleetTreeViewModelTest {

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
    void anInstanceWithoutANameOfItsOwnShowsItsIdOnce() {
        Shard shard = new Shard("tdsqlshard-x", "shard-x1", "set_9_1", "127.0.0.1:9", "running");
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(new FleetSnapshot(Instant.EPOCH, Duration.ZERO,
                List.of(new Instance("tdsqlshard-x", "tdsqlshard-x", InstanceKind.MYSQL, "running", "", List.of(shard)),
                        new Instance("tdsqlshard-y", "", InstanceKind.DCDB, "running", "", List.of())),
                Map.of(), List.of(new ShardSessions(shard, List.of(), null, Duration.ZERO))));

        assertThat(tree.rootProperty().get().children()).extracting(FleetNode::name)
                .containsExactly("tdsqlshard-x", "tdsqlshard-y");
        assertThat(tree.rootProperty().get().children().get(0).label()).isEqualTo("tdsqlshard-x  ·  0");
    }

    @Test
    void aNamedInstanceShowsItsNameThenItsId() {
        FleetTreeViewModel tree = new FleetTreeViewModel();
        tree.apply(snapshot(List.of(), List.of(), List.of(), null));

        assertThat(tree.rootProperty().get().children()).extracting(FleetNode::name)
                .containsExactly("orders (tdsqlshard-a)", "billing (tdsqlshard-b)");
    }
}
