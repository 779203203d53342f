package com.sessionconsole.ui.sessions;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.util.ArrayList;
import java.util.List;

/**
 * The focused session in full: statement (monospace, selectable), transaction, blocker with a jump link, and the
 * plan of its running statement on demand, in a table whose columns are the server's.
 */
public final class SessionDetailsController {
    private final SessionDetailsViewModel details;
    private final SessionPlanViewModel plans;

    @FXML
    private Label title;
    @FXML
    private Label who;
    @FXML
    private Label activity;
    @FXML
    private Label transaction;
    @FXML
    private Label protection;
    @FXML
    private Hyperlink blockedBy;
    @FXML
    private Label blocks;
    @FXML
    private TextArea statement;
    @FXML
    private Button copy;
    @FXML
    private Button explain;
    @FXML
    private Label planMessage;
    @FXML
    private TableView<List<String>> plan;

    public SessionDetailsController(SessionDetailsViewModel details, SessionPlanViewModel plans) {
        this.details = details;
        this.plans = plans;
    }

    @FXML
    private void initialize() {
        title.textProperty().bind(details.titleProperty());
        who.textProperty().bind(details.whoProperty());
        activity.textProperty().bind(details.activityProperty());
        transaction.textProperty().bind(details.transactionProperty());
        protection.textProperty().bind(details.protectionProperty());
        blockedBy.textProperty().bind(details.blockedByProperty());
        blocks.textProperty().bind(details.blocksProperty());
        statement.textProperty().bind(details.statementProperty());
        for (javafx.scene.control.Labeled shown : new javafx.scene.control.Labeled[] {protection, blockedBy, blocks}) {
            shown.visibleProperty().bind(shown.textProperty().isNotEmpty());
            shown.managedProperty().bind(shown.visibleProperty());
        }
        blockedBy.disableProperty().bind(details.blockerProperty().isNull());
        copy.disableProperty().bind(details.statementProperty().isEmpty());
        explain.disableProperty().bind(plans.cannotExplain());
        planMessage.textProperty().bind(plans.messageProperty());
        plan.visibleProperty().bind(plans.noPlan().not());
        plan.managedProperty().bind(plan.visibleProperty());
        plan.setItems(plans.rows());
        plans.columns().addListener((ListChangeListener<String>) change -> planColumns());
        planColumns();
    }

    /** The server decides the plan's columns (MySQL adds partitions and filtered): one table column each. */
    private void planColumns() {
        List<TableColumn<List<String>, String>> columns = new ArrayList<>();
        List<String> names = List.copyOf(plans.columns());
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            TableColumn<List<String>, String> column = new TableColumn<>(names.get(i));
            column.setCellValueFactory(c -> new ReadOnlyStringWrapper(index < c.getValue().size()
                    ? c.getValue().get(index) : null));
            column.setSortable(false);
            columns.add(column);
        }
        plan.getColumns().setAll(columns);
    }

    @FXML
    private void explain() {
        plans.explain();
    }

    @FXML
    private void jumpToBlocker() {
        details.jumpToBlocker();
        blockedBy.setVisited(false);
    }

    @FXML
    private void copyStatement() {
        ClipboardContent content = new ClipboardContent();
        content.putString(details.statementProperty().get());
        Clipboard.getSystemClipboard().setContent(content);
    }
}
