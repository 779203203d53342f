package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.ui.common.Background;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static com.sessionconsole.ui.ViewModelFixtures.A1;
import static com.sessionconsole.ui.ViewModelFixtures.session;
import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** The details pane's plan without the toolkit: on demand, for the focused session only. */
class SessionPlanViewModelTest {
    private static final ExplainPlan PLAN = ExplainPlan.of(List.of("id", "table"), List.of(List.of("1", "a"),
            List.of("1", "b")));

    private final SessionsViewModel sessions = new SessionsViewModel();
    private final Deque<Runnable> work = new ArrayDeque<>();
    private final List<Long> asked = new ArrayList<>();
    private final SessionPlanViewModel model = new SessionPlanViewModel(sessions, new Background(work::add, Runnable::run),
            (instance, shard, id) -> {
                asked.add(id);
                return id == 2 ? PLAN : ExplainPlan.none("session " + id + " has ended");
            });
    private final List<SessionRow> rows = SessionRow.of(snapshot(List.of(session(A1, 1, "app", "Sleep", null),
            session(A1, 2, "app", "Query", "SELECT 1"), session(A1, 3, "app", "Query", "SELECT 2")), List.of(),
            List.of(), null));

    private void focus(int index) {
        sessions.select(List.of(rows.get(index)), rows.get(index));
    }

    @Test
    void onlyASessionRunningAStatementCanBeExplained() {
        focus(0);
        assertThat(model.cannotExplain().get()).isTrue();
        focus(1);
        assertThat(model.cannotExplain().get()).isFalse();
    }

    @Test
    void thePlanShowsForTheSessionItWasReadFor() {
        focus(1);
        model.explain();
        assertThat(model.cannotExplain().get()).isTrue(); // while it reads
        assertThat(model.messageProperty().get()).isEqualTo("Reading the plan of session 2…");
        work.poll().run();

        assertThat(asked).containsExactly(2L);
        assertThat(model.columns()).containsExactly("id", "table");
        assertThat(model.rows()).hasSize(2);
        assertThat(model.noPlan().get()).isFalse();
        assertThat(model.messageProperty().get()).isEqualTo("Plan of session 2 (2 rows)");

        focus(2);
        assertThat(model.rows()).isEmpty();
        assertThat(model.messageProperty().get()).isEqualTo(SessionPlanViewModel.PROMPT);
    }

    @Test
    void anAnswerForASessionNoLongerFocusedIsDropped() {
        focus(1);
        model.explain();
        focus(2);
        work.poll().run();

        assertThat(model.rows()).isEmpty();
        assertThat(model.cannotExplain().get()).isFalse();
    }

    @Test
    void noPlanSaysWhy() {
        focus(2);
        model.explain();
        work.poll().run();

        assertThat(model.messageProperty().get()).isEqualTo("No plan: session 3 has ended.");
        assertThat(model.noPlan().get()).isTrue();
    }
}
