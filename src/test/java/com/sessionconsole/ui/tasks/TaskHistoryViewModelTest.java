package com.sessionconsole.ui.tasks;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The task history's reloads (one after every refresh): cheap when nothing changed, keeping the chosen task. */
class TaskHistoryViewModelTest {

    private static KillTask running(long id) {
        return new KillTask(id, Instant.parse("2025-01-01T10:00:00Z").plusSeconds(id), null, "cli", "tdsqlshard-a",
                "shard-a1", "set_1_1", KillMode.CONNECTION, List.of(5L), TaskStatus.RUNNING, "", List.of());
    }

    private static KillTask finished(long id) {
        KillTask task = running(id);
        return new KillTask(id, task.requestedAt(), task.requestedAt().plusSeconds(1), "cli", "tdsqlshard-a", "shard-a1",
                "set_1_1", KillMode.CONNECTION, List.of(5L), TaskStatus.SUCCESS, "",
                List.of(new SessionOutcome(5L, Outcome.KILLED, "killed")));
    }

    @Test
    void anUnchangedReloadChangesNothing() {
        TaskHistoryViewModel history = new TaskHistoryViewModel();
        AtomicInteger changes = new AtomicInteger();
        history.tasks().addListener((ListChangeListener<KillTask>) c -> changes.incrementAndGet());

        assertThat(history.apply(List.of(running(2), finished(1)))).isTrue();
        history.chosenProperty().set(history.tasks().get(1));
        assertThat(history.apply(List.of(running(2), finished(1)))).isFalse();

        assertThat(changes).hasValue(1);
        assertThat(history.chosenProperty().get().taskId()).isEqualTo(1);
    }

    @Test
    void aTaskFromElsewhereAppearsAndTheChosenRunningTaskShowsItsOutcome() {
        TaskHistoryViewModel history = new TaskHistoryViewModel();
        history.apply(List.of(running(1)));
        history.chosenProperty().set(history.tasks().get(0));

        assertThat(history.apply(List.of(running(2), finished(1)))).isTrue(); // task 2 from the CLI; task 1 finished

        assertThat(history.tasks()).extracting(KillTask::taskId).containsExactly(2L, 1L);
        assertThat(history.chosenProperty().get().taskId()).isEqualTo(1);
        assertThat(history.chosenProperty().get().status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(history.chosenProperty().get().outcomes()).hasSize(1);
    }
}
