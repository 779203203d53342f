package com.sessionconsole.ui.tree;

import org.junit.jupiter.api.Test;

import java.util.List;

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
}
