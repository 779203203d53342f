package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.KillMode;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.util.List;

/** The sessions table: columns, row marks, multi-selection kept across refreshes, kill keys. */
public final class SessionsTableController {
    private static final PseudoClass PROTECTED = PseudoClass.getPseudoClass("protected");
    private static final PseudoClass WAITING = PseudoClass.getPseudoClass("waiting");
    private static final PseudoClass BLOCKER = PseudoClass.getPseudoClass("blocker");
    private static final PseudoClass RULE_MATCH = PseudoClass.getPseudoClass("rule-match");

    private final SessionsViewModel sessions;
    private final SessionDetailsViewModel details;
    private final KillAction kills;
    private final SessionsExport export;
    private boolean syncing;

    @FXML
    private TableView<SessionRow> table;
    @FXML
    private MenuItem killQueryItem;
    @FXML
    private Label placeholder;
    @FXML
    private TableColumn<SessionRow, String> markColumn;
    @FXML
    private TableColumn<SessionRow, String> shardColumn;
    @FXML
    private TableColumn<SessionRow, Long> idColumn;
    @FXML
    private TableColumn<SessionRow, String> userColumn;
    @FXML
    private TableColumn<SessionRow, String> hostColumn;
    @FXML
    private TableColumn<SessionRow, String> dbColumn;
    @FXML
    private TableColumn<SessionRow, String> commandColumn;
    @FXML
    private TableColumn<SessionRow, Long> timeColumn;
    @FXML
    private TableColumn<SessionRow, String> stateColumn;
    @FXML
    private TableColumn<SessionRow, Long> trxAgeColumn;
    @FXML
    private TableColumn<SessionRow, Long> rowsColumn;
    @FXML
    private TableColumn<SessionRow, String> statementColumn;

    public SessionsTableController(SessionsViewModel sessions, SessionDetailsViewModel details, KillAction kills,
                                   SessionsExport export) {
        this.sessions = sessions;
        this.details = details;
        this.kills = kills;
        this.export = export;
    }

    @FXML
    private void initialize() {
        killQueryItem.disableProperty().bind(sessions.queryKillPossible().not());
        markColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().mark()));
        shardColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().shard().shardId()));
        idColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().session().id()));
        userColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().user()));
        hostColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().host()));
        dbColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().db()));
        commandColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().command()));
        timeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().session().timeSeconds()));
        stateColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().state()));
        trxAgeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().transactionAge()));
        rowsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().rowsModified()));
        statementColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().statementLine()));
        table.setRowFactory(view -> new MarkedRow(sessions));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // The SortedList follows the table's sort order: numbers sort as numbers (Long columns).
        sessions.shownRows().comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sessions.shownRows());
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<SessionRow>) change -> pushSelection());
        table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> pushSelection());
        sessions.generationProperty().addListener((obs, was, now) -> reselect());
        sessions.jumpRequestProperty().addListener((obs, was, now) -> jump(now));
        sessions.ruleMatchesProperty().addListener((obs, was, now) -> table.refresh());
        table.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
    }

    private void pushSelection() {
        if (!syncing) {
            sessions.select(List.copyOf(table.getSelectionModel().getSelectedItems()),
                    table.getSelectionModel().getSelectedItem());
        }
    }

    /** After new rows or a filter change: select the remembered sessions again, by (shard, id). */
    private void reselect() {
        int[] indices = sessions.selectionIndices();
        int focus = sessions.focusIndex();
        syncing = true;
        try {
            table.getSelectionModel().clearSelection();
            if (indices.length > 0) {
                table.getSelectionModel().selectIndices(indices[0], indices);
            }
            if (focus >= 0 && table.getSelectionModel().isSelected(focus)) {
                table.getFocusModel().focus(focus);
                // selectIndices leaves the last index as "selected item"; the details pane follows the focus.
                table.getSelectionModel().select(focus);
            }
        } finally {
            syncing = false;
        }
        pushSelection();
    }

    private void jump(SessionKey key) {
        if (key == null) {
            return;
        }
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).key().equals(key)) {
                table.getSelectionModel().clearAndSelect(i);
                table.scrollTo(Math.max(0, i - 3));
                table.requestFocus();
                return;
            }
        }
        sessions.jumpRequestProperty().set(null);
    }

    private void keys(KeyEvent event) {
        if (event.getCode() == KeyCode.DELETE && !event.isControlDown() && !event.isAltDown()) {
            kills.kill(event.isShiftDown() ? KillMode.QUERY : KillMode.CONNECTION, table.getScene().getWindow());
            event.consume();
        } else if (event.getCode() == KeyCode.C && event.isShortcutDown() && event.isShiftDown()) {
            copyStatement();
            event.consume();
        } else if (event.getCode() == KeyCode.C && event.isShortcutDown() && !event.isShiftDown()) {
            copyRows();
            event.consume();
        }
    }

    @FXML
    private void killConnection() {
        kills.kill(KillMode.CONNECTION, table.getScene().getWindow());
    }

    @FXML
    private void killQuery() {
        kills.kill(KillMode.QUERY, table.getScene().getWindow());
    }

    @FXML
    private void copyStatement() {
        SessionRow row = table.getSelectionModel().getSelectedItem();
        if (row != null && row.session().statement() != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(row.session().statement());
            Clipboard.getSystemClipboard().setContent(content);
        }
    }

    /** The selected rows in the table's order, as tab-separated text with a header (Ctrl+C). */
    @FXML
    private void copyRows() {
        List<SessionRow> rows = table.getSelectionModel().getSelectedIndices().stream().sorted()
                .map(table.getItems()::get).toList();
        if (!rows.isEmpty()) {
            ClipboardContent content = new ClipboardContent();
            content.putString(export.clipboardText(rows));
            Clipboard.getSystemClipboard().setContent(content);
        }
    }

    @FXML
    private void exportShown() {
        export.choose(table.getScene().getWindow());
    }

    @FXML
    private void jumpToBlocker() {
        details.jumpToBlocker();
    }

    /** Colours protected rows, lock waiters, lock holders and a rule's matches (style in console.css). */
    private static final class MarkedRow extends TableRow<SessionRow> {
        private final SessionsViewModel sessions;

        MarkedRow(SessionsViewModel sessions) {
            this.sessions = sessions;
        }

        @Override
        protected void updateItem(SessionRow row, boolean empty) {
            super.updateItem(row, empty);
            boolean present = !empty && row != null;
            pseudoClassStateChanged(RULE_MATCH, present && sessions.ruleMatchesProperty().get().contains(row.key()));
            pseudoClassStateChanged(PROTECTED, present && row.session().isProtected());
            pseudoClassStateChanged(WAITING, present && row.waiting());
            pseudoClassStateChanged(BLOCKER, present && row.blocker());
        }
    }
}
