package com.sessionconsole.ui.kill;

import com.sessionconsole.ui.sessions.SessionRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The confirmation before any kill: every selected session with what a kill would cost, the protected ones
 * that will be skipped, the mode in words, and Cancel as the default button (Enter never kills).
 *
 * <p>It shows the rows of the last refresh rather than a live preview: opening stays instant even with a hung
 * shard, and the service re-checks every session live when the kill runs (gone, protected, and for a kill
 * query the very statement shown here), so a stale row can never kill something the operator did not see.
 */
final class KillConfirmationController {
    private final KillConfirmationViewModel model;

    @FXML
    private DialogPane pane;
    @FXML
    private Label modeText;
    @FXML
    private Label summary;
    @FXML
    private Label skipped;
    @FXML
    private Label estimate;
    @FXML
    private TableView<SessionRow> table;
    @FXML
    private TableColumn<SessionRow, String> shardColumn;
    @FXML
    private TableColumn<SessionRow, Long> idColumn;
    @FXML
    private TableColumn<SessionRow, String> whoColumn;
    @FXML
    private TableColumn<SessionRow, String> commandColumn;
    @FXML
    private TableColumn<SessionRow, Long> timeColumn;
    @FXML
    private TableColumn<SessionRow, Long> trxColumn;
    @FXML
    private TableColumn<SessionRow, Long> rowsColumn;
    @FXML
    private TableColumn<SessionRow, String> statementColumn;
    @FXML
    private TableColumn<SessionRow, String> markColumn;

    KillConfirmationController(KillConfirmationViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        shardColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().shard().shardId()));
        idColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().session().id()));
        whoColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().userAtHost()));
        commandColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().command()));
        timeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().session().timeSeconds()));
        trxColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().transactionAge()));
        rowsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().rowsModified()));
        statementColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                KillConfirmationViewModel.excerpt(c.getValue().statementLine())));
        markColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(KillConfirmationViewModel.note(c.getValue())));
        table.getItems().setAll(model.rows());
        pane.setHeaderText(model.header());
        modeText.setText(model.modeText());
        summary.setText(model.summary());
        skipped.setText(model.skipped());
        skipped.setVisible(!model.skipped().isEmpty());
        skipped.setManaged(skipped.isVisible());
        estimate.setText(model.estimate());
        estimate.setVisible(!model.estimate().isEmpty());
        estimate.setManaged(estimate.isVisible());
        // The only OK_DONE button: the kill flow reads the operator's answer by it.
        ButtonType confirm = new ButtonType(model.confirmText(), ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().setAll(confirm, ButtonType.CANCEL);
        Button kill = (Button) pane.lookupButton(confirm);
        kill.setId("confirmKill");
        kill.setDefaultButton(false);
        kill.getStyleClass().add("danger");
        kill.setDisable(!model.canKill());
        Button cancel = (Button) pane.lookupButton(ButtonType.CANCEL);
        cancel.setId("cancelKill");
        cancel.setDefaultButton(true);
    }
}
