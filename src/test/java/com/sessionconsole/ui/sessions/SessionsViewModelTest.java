package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ShardSessions;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.sessionconsole.ui.ViewModelFixtures.A1;
import static com.sessionconsole.ui.ViewModelFixtures.A2;
import static com.sessionconsole.ui.ViewModelFixtures.B1;
import static com.sessionconsole.ui.ViewModelFixtures.holder;
import static com.sessionconsole.ui.ViewModelFixtures.own;
import static com.sessionconsole.ui.ViewModelFixtures.session;
import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static com.sessionconsole.ui.ViewModelFixtures.waiter;
import static org.assertj.core.api.Assertions.assertThat;

class SessionsViewModelTest {
    private final SessionsViewModel model = new SessionsViewModel();

    private void load() {
        model.apply(SessionRow.of(snapshot(
                List.of(session(A1, 1, "app", "Sleep", null), session(A1, 2, "report", "Query", "SELECT * FROM orders"), own(A1, 3)),
                List.of(holder(A2, 4, 40), waiter(A2, 5, 4)),
                List.of(session(B1, 6, "app", "Query", "SELECT SLEEP(60)")), null)));
    }

    private List<Long> shownIds() {
        return model.shownRows().stream().map(r -> r.session().id()).toList();
    }

    @Test
    void theQuickFilterSearchesUserHostDbAndStatementIgnoringCase() {
        load();
        model.quickFilterProperty().set("ORDERS");
        assertThat(shownIds()).containsExactly(2L);
        model.quickFilterProperty().set("report");
        assertThat(shownIds()).containsExactly(2L);
        model.quickFilterProperty().set("");
        assertThat(shownIds()).hasSize(6);
    }

    @Test
    void hideSleepingKeepsIdleSessionsThatHoldATransaction() {
        load();
        model.hideSleepingProperty().set(true);
        assertThat(shownIds()).doesNotContain(1L).contains(4L);
    }

    @Test
    void hideProtectedAndTheCommandFilterNarrowTheRows() {
        load();
        model.hideProtectedProperty().set(true);
        assertThat(shownIds()).doesNotContain(3L);
        model.commandProperty().set("Query");
        assertThat(shownIds()).containsExactlyInAnyOrder(2L, 5L, 6L);
        assertThat(model.commands()).contains(SessionsViewModel.ANY_COMMAND, "Query", "Sleep");
    }

    @Test
    void theTreeScopeNarrowsToAnInstanceOrAShard() {
        load();
        model.scopeProperty().set(Scope.instance("tdsqlshard-a"));
        assertThat(shownIds()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        model.scopeProperty().set(Scope.shard("tdsqlshard-b", "shard-b1"));
        assertThat(shownIds()).containsExactly(6L);
    }

    @Test
    void theSelectionIsKeptByShardAndIdAndEndedSessionsDropOut() {
        load();
        SessionRow first = model.shownRows().get(0);
        SessionRow sixth = model.shownRows().get(5);
        model.select(List.of(first, sixth), sixth);

        model.apply(SessionRow.of(snapshot(
                List.of(session(A1, 1, "app", "Sleep", null)), List.of(), List.of(session(B1, 7, "app", "Sleep", null)), null)));

        assertThat(model.selectedKeys()).containsExactly(first.key());
        assertThat(model.selectionIndices()).containsExactly(0);
        assertThat(model.totalCount().get()).isEqualTo(2);
    }

    @Test
    void theStatusCountsFollowEveryChangeNotJustTheFirst() {
        StringProperty statusBar = new SimpleStringProperty();
        statusBar.bind(model.countsText()); // as the status bar's label binds it
        load();
        assertThat(statusBar.get()).isEqualTo("6 sessions  ·  6 shown  ·  0 selected");

        model.quickFilterProperty().set("orders");
        assertThat(statusBar.get()).isEqualTo("6 sessions  ·  1 shown  ·  0 selected");
        model.select(List.of(model.shownRows().get(0)), model.shownRows().get(0));
        assertThat(statusBar.get()).isEqualTo("6 sessions  ·  1 shown  ·  1 selected");

        model.quickFilterProperty().set("");
        model.apply(SessionRow.of(snapshot(List.of(session(A1, 2, "report", "Query", "SELECT * FROM orders")), List.of(),
                List.of(), null)));
        assertThat(statusBar.get()).isEqualTo("1 sessions  ·  1 shown  ·  1 selected");
        assertThat(model.totalCount()).isSameAs(model.totalCount());
    }

    @Test
    void lockHoldersAndWaitersAreMarked() {
        load();
        SessionRow holder = model.row(new SessionKey(A2.key(), 4)).orElseThrow();
        SessionRow waiter = model.row(new SessionKey(A2.key(), 5)).orElseThrow();
        assertThat(holder.mark()).isEqualTo("blocks 1");
        assertThat(waiter.mark()).isEqualTo("waits on 4");
        assertThat(model.row(new SessionKey(A1.key(), 3)).orElseThrow().mark()).isEqualTo("protected");
    }

    @Test
    void theDetailsNameTheBlockerAndJumpToIt() {
        load();
        SessionDetailsViewModel details = new SessionDetailsViewModel(model);
        SessionRow waiter = model.row(new SessionKey(A2.key(), 5)).orElseThrow();
        model.select(List.of(waiter), waiter);

        assertThat(details.blockedByProperty().get()).contains("session 4");
        assertThat(details.statementProperty().get()).isEqualTo("UPDATE t SET x = 1");
        details.jumpToBlocker();
        assertThat(model.jumpRequestProperty().get()).isEqualTo(new SessionKey(A2.key(), 4));
    }

    @Test
    void killQueryIsPossibleOnlyWhenNoSelectedSessionIsOnACloudInstance() {
        FleetSnapshot mixed = new FleetSnapshot(Instant.parse("2025-01-01T10:00:00Z"), Duration.ofMillis(1),
                List.of(new Instance("tdsqlshard-a", "orders", InstanceKind.MYSQL, "running", "", List.of(A1)),
                        new Instance("tdsqlshard-b", "cloud", InstanceKind.DCDB, "running", "", List.of(B1))),
                Map.of(), List.of(new ShardSessions(A1, List.of(session(A1, 5, "app", "Query", "SELECT 1")), null,
                        Duration.ZERO), new ShardSessions(B1, List.of(session(B1, 6, "app", "Query", "SELECT 2")), null,
                        Duration.ZERO)));
        model.apply(SessionRow.of(mixed));
        SessionRow mysql = model.shownRows().stream().filter(r -> r.session().id() == 5).findFirst().orElseThrow();
        SessionRow cloud = model.shownRows().stream().filter(r -> r.session().id() == 6).findFirst().orElseThrow();
        assertThat(model.queryKillPossible().get()).isFalse();

        model.select(List.of(mysql), mysql);
        assertThat(model.queryKillPossible().get()).isTrue();
        model.select(List.of(mysql, cloud), cloud);
        assertThat(model.queryKillPossible().get()).isFalse();
        model.select(List.of(cloud), cloud);
        assertThat(model.queryKillPossible().get()).isFalse();
    }
}
