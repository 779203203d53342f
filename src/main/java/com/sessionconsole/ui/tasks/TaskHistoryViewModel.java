package com.sessionconsole.ui.tasks;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The kill task history: the newest tasks of the audit log (those the service keeps in memory), newest first, and
 * the per-session outcomes of one.
 */
public final class TaskHistoryViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final ObservableList<KillTask> tasks = FXCollections.observableArrayList();
    private final ObjectProperty<KillTask> chosen = new SimpleObjectProperty<>();
    private final StringBinding tabTitle = Bindings.createStringBinding(() -> "Kill tasks (" + tasks.size() + ")", tasks);

    /**
     * Shows a reload of the history. An unchanged history (the usual case: it is reloaded after every refresh)
     * changes nothing; otherwise the chosen task stays chosen, as its newest state.
     *
     * @return whether anything changed
     */
    public boolean apply(List<KillTask> newestFirst) {
        if (tasks.equals(newestFirst)) {
            return false;
        }
        KillTask was = chosen.get();
        tasks.setAll(newestFirst);
        if (was != null) {
            chosen.set(newestFirst.stream().filter(t -> t.taskId() == was.taskId()).findFirst().orElse(null));
        }
        return true;
    }

    public static String time(KillTask task) {
        return TIME.format(task.requestedAt());
    }

    public static String status(KillTask task) {
        switch (task.status()) {
            case SUCCESS: return "success";
            case RUNNING: return "running";
            default: return task.detail().isEmpty() ? "failed" : "failed: " + task.detail();
        }
    }

    /** "2 killed, 1 protected" — the counts that are not zero. */
    public static String summary(KillTask task) {
        StringBuilder text = new StringBuilder();
        for (Outcome outcome : Outcome.values()) {
            long n = task.count(outcome);
            if (n > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(n).append(' ').append(words(outcome));
            }
        }
        return text.length() == 0 ? "no outcome recorded" : text.toString();
    }

    public static String words(Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    public ObservableList<KillTask> tasks() {
        return tasks;
    }

    /** "Kill tasks (N)": kept here, like every text the window binds to, for as long as the history lives. */
    public StringBinding tabTitle() {
        return tabTitle;
    }

    public ObjectProperty<KillTask> chosenProperty() {
        return chosen;
    }
}
