package com.sessionconsole.ui.rules;

import com.sessionconsole.killsession.rules.GroupBy;
import com.sessionconsole.killsession.rules.Groups;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.util.StringConverter;

/** The groups table: a group becomes a rule with Enter, a double click or "Make rule". */
public final class GroupsController {
    private final GroupsViewModel groups;

    @FXML
    private ComboBox<GroupBy> groupBy;
    @FXML
    private TableView<Groups.Group> table;
    @FXML
    private Label note;
    @FXML
    private TableColumn<Groups.Group, Integer> countColumn;
    @FXML
    private TableColumn<Groups.Group, Integer> runningColumn;
    @FXML
    private TableColumn<Groups.Group, Long> totalColumn;
    @FXML
    private TableColumn<Groups.Group, Long> longestColumn;
    @FXML
    private TableColumn<Groups.Group, Integer> shardsColumn;
    @FXML
    private TableColumn<Groups.Group, String> keyColumn;

    public GroupsController(GroupsViewModel groups) {
        this.groups = groups;
    }

    @FXML
    private void initialize() {
        groupBy.getItems().setAll(GroupBy.values());
        groupBy.setConverter(new StringConverter<>() {
            @Override
            public String toString(GroupBy by) {
                return by == null ? "" : by.word();
            }

            @Override
            public GroupBy fromString(String text) {
                return GroupBy.parse(text);
            }
        });
        groupBy.valueProperty().bindBidirectional(groups.groupByProperty());
        countColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().count()));
        runningColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().running()));
        totalColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().totalTime()));
        longestColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().longest()));
        shardsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().shards()));
        keyColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().label()));
        table.setItems(groups.groups());
        table.setRowFactory(view -> {
            TableRow<Groups.Group> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && !row.isEmpty()) {
                    groups.makeRule(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER) {
                makeRule();
                event.consume();
            }
        });
        note.textProperty().bind(groups.noteProperty());
    }

    /** Puts the keyboard in the groups table (Ctrl+G). */
    public void focus() {
        table.requestFocus();
        if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
            table.getSelectionModel().select(0);
        }
    }

    @FXML
    private void makeRule() {
        groups.makeRule(table.getSelectionModel().getSelectedItem());
    }
}
