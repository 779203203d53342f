package com.sessionconsole.ui.tasks;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The kill task history (from the audit log) and the per-session outcomes of the chosen task. */
public final class TaskHistoryController {
    private final TaskHistoryViewModel history;

    @FXML
    private TableView<KillTask> tasks;
    @FXML
    private TableColumn<KillTask, Long> taskIdColumn;
    @FXML
    private TableColumn<KillTask, String> timeColumn;
    @FXML
    private TableColumn<KillTask, String> instanceColumn;
    @FXML
    private TableColumn<KillTask, String> shardColumn;
    @FXML
    private TableColumn<KillTask, String> modeColumn;
    @FXML
    private TableColumn<KillTask, Long> killedColumn;
    @FXML
    private TableColumn<KillTask, Long> goneColumn;
    @FXML
    private TableColumn<KillTask, Long> protectedColumn;
    @FXML
    private TableColumn<KillTask, Long> failedColumn;
    @FXML
    private TableColumn<KillTask, String> statusColumn;
    @FXML
    private TableView<SessionOutcome> outcomes;
    @FXML
    private TableColumn<SessionOutcome, Long> sessionColumn;
    @FXML
    private TableColumn<SessionOutcome, String> outcomeColumn;
    @FXML
    private TableColumn<SessionOutcome, String> messageColumn;

    public TaskHistoryController(TaskHistoryViewModel history) {
        this.history = history;
    }

    @FXML
    private void initialize() {
        taskIdColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().taskId()));
        timeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(TaskHistoryViewModel.time(c.getValue())));
        instanceColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().instanceId()));
        shardColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().shardId()));
        modeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().mode().name().toLowerCase(java.util.Locale.ROOT)));
        killedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().count(Outcome.KILLED)));
        goneColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().count(Outcome.ALREADY_GONE)));
        protectedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().count(Outcome.PROTECTED)));
        failedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                c.getValue().count(Outcome.FAILED) + c.getValue().count(Outcome.DENIED)));
        statusColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(TaskHistoryViewModel.status(c.getValue())));
        sessionColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().sessionId()));
        outcomeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(TaskHistoryViewModel.words(c.getValue().outcome())));
        messageColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().message()));
        // Sorted in the view only: the operator's sort order survives every reload of the history.
        SortedList<KillTask> sorted = new SortedList<>(history.tasks());
        sorted.comparatorProperty().bind(tasks.comparatorProperty());
        tasks.setItems(sorted);
        // A reload replaces the rows; the chosen task stays selected (found by its TaskId).
        history.tasks().addListener((ListChangeListener<KillTask>) change -> reselect());
        tasks.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                history.chosenProperty().set(now);
            }
        });
        history.chosenProperty().addListener((obs, was, now) -> {
            outcomes.getItems().setAll(now == null ? java.util.List.of() : now.outcomes());
            if (now != null && tasks.getSelectionModel().getSelectedItem() != now) {
                tasks.getSelectionModel().select(now);
            }
        });
    }

    private void reselect() {
        KillTask chosen = history.chosenProperty().get();
        if (chosen == null) {
            return;
        }
        for (int i = 0; i < tasks.getItems().size(); i++) {
            if (tasks.getItems().get(i).taskId() == chosen.taskId()) {
                if (tasks.getSelectionModel().getSelectedIndex() != i) {
                    tasks.getSelectionModel().clearAndSelect(i);
                }
                return;
            }
        }
    }
}
