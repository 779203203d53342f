package com.sessionconsole.ui.locks;

import com.sessionconsole.ui.kill.KillFlow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.util.Callback;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The lock chains tree: per shard, each root blocker with the sessions waiting for it below, to any depth.
 * Rebuilt from the view model at each read, with every chain expanded and the chosen lines chosen again; a
 * double-click selects the session in the sessions table; "Kill root blockers" goes through the kill flow.
 */
public final class LockChainsController {
    private final LockChainsViewModel model;
    private final KillFlow kills;
    /** True while the tree is rebuilt: its interim selection events are not the operator's. */
    private boolean rebuilding;

    @FXML
    private Button killRoots;
    @FXML
    private ProgressIndicator reading;
    @FXML
    private Label status;
    @FXML
    private TreeTableView<LockRow> tree;
    @FXML
    private TreeTableColumn<LockRow, String> sessionColumn;
    @FXML
    private TreeTableColumn<LockRow, String> chainColumn;
    @FXML
    private TreeTableColumn<LockRow, String> freesColumn;
    @FXML
    private TreeTableColumn<LockRow, Long> waitColumn;
    @FXML
    private TreeTableColumn<LockRow, String> lockColumn;
    @FXML
    private TreeTableColumn<LockRow, Long> trxColumn;
    @FXML
    private TreeTableColumn<LockRow, String> whoColumn;
    @FXML
    private TreeTableColumn<LockRow, String> commandColumn;
    @FXML
    private TreeTableColumn<LockRow, String> statementColumn;

    public LockChainsController(LockChainsViewModel model, KillFlow kills) {
        this.model = model;
        this.kills = kills;
    }

    @FXML
    private void initialize() {
        text(sessionColumn, LockRow::sessionText);
        text(chainColumn, LockRow::chainText);
        text(freesColumn, LockRow::freesText);
        number(waitColumn, LockRow::waitSeconds);
        text(lockColumn, LockRow::waitsForText);
        number(trxColumn, LockRow::transactionAge);
        text(whoColumn, LockRow::userAtHost);
        text(commandColumn, LockRow::command);
        text(statementColumn, LockRow::statement);
        tree.setRoot(new TreeItem<>());
        tree.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        tree.getSelectionModel().getSelectedItems().addListener((ListChangeListener<TreeItem<LockRow>>) change -> chosen());
        tree.setRowFactory(rowFactory());
        status.textProperty().bind(model.statusProperty());
        reading.visibleProperty().bind(model.readingProperty());
        killRoots.textProperty().bind(model.killText());
        killRoots.disableProperty().bind(model.nothingToKill());
        model.shards().addListener((ListChangeListener<LockRow>) change -> rebuild());
        rebuild();
    }

    private void rebuild() {
        rebuilding = true;
        try {
            List<TreeItem<LockRow>> shards = new ArrayList<>();
            List<TreeItem<LockRow>> chosen = new ArrayList<>();
            for (LockRow shard : model.shards()) {
                shards.add(item(shard, chosen));
            }
            tree.getSelectionModel().clearSelection();
            tree.getRoot().getChildren().setAll(shards);
            chosen.forEach(tree.getSelectionModel()::select);
        } finally {
            rebuilding = false;
        }
        chosen();
    }

    private TreeItem<LockRow> item(LockRow row, List<TreeItem<LockRow>> chosen) {
        TreeItem<LockRow> item = new TreeItem<>(row);
        item.setExpanded(true);
        for (LockRow child : row.children()) {
            item.getChildren().add(item(child, chosen));
        }
        if (model.chosen(row)) {
            chosen.add(item);
        }
        return item;
    }

    private void chosen() {
        if (rebuilding) {
            return;
        }
        List<LockRow> rows = new ArrayList<>();
        for (TreeItem<LockRow> item : tree.getSelectionModel().getSelectedItems()) {
            if (item != null && item.getValue() != null) {
                rows.add(item.getValue());
            }
        }
        model.choose(rows);
    }

    private Callback<TreeTableView<LockRow>, TreeTableRow<LockRow>> rowFactory() {
        return view -> {
            TreeTableRow<LockRow> row = new TreeTableRow<>() {
                @Override
                protected void updateItem(LockRow item, boolean empty) {
                    super.updateItem(item, empty);
                    getStyleClass().removeAll("lock-shard", "lock-root", "lock-waiter");
                    if (!empty && item != null) {
                        getStyleClass().add(item.isShard() ? "lock-shard" : item.isTop() ? "lock-root" : "lock-waiter");
                    }
                }
            };
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && row.getItem() != null) {
                    model.jumpTo(row.getItem());
                }
            });
            return row;
        };
    }

    @FXML
    private void killRoots() {
        LockChainsViewModel.Targets targets = model.targetsProperty().get();
        kills.killRoots(targets.roots(), targets.frees(), tree.getScene().getWindow());
    }

    private static void text(TreeTableColumn<LockRow, String> column, Function<LockRow, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().getValue() == null ? ""
                : value.apply(c.getValue().getValue())));
    }

    private static void number(TreeTableColumn<LockRow, Long> column, Function<LockRow, Long> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue() == null ? null
                : value.apply(c.getValue().getValue())));
    }
}
