package com.sessionconsole.ui.sessions;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** The focused session in full: statement (monospace, selectable), transaction, blocker with a jump link. */
public final class SessionDetailsController {
    private final SessionDetailsViewModel details;

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

    public SessionDetailsController(SessionDetailsViewModel details) {
        this.details = details;
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
