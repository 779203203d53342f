package com.sessionconsole.ui.tree;

import com.sessionconsole.ui.history.FleetHistory;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet tree: Fleet, its instances and their shards; selecting a node narrows the sessions table and charts its
 * history. Tree items live as long as their node: a refresh, a filter or a new order only moves them and sets their
 * values, so with 1,000 shards a refresh touches no graphics but the visible cells'.
 * <p>
 * A TreeView rebuilds every cell when any item's value changes (its skin hears the change at the root), and a
 * refresh changes every node's figures. So an item's new value is told to its own cell only ({@link NodeItem}), and
 * the root the skin listens to is a hidden item whose value never changes, with the fleet as its one child.
 */
public final class FleetTreeController {
    private final FleetTreeViewModel tree;
    private final SessionsViewModel sessions;
    private final FleetHistory history;
    private final Map<String, NodeItem> items = new HashMap<>();
    // A NodeItem too: the fleet item, updated quietly, must not reach the root the skin listens to.
    private final TreeItem<FleetNode> hiddenRoot = new NodeItem(null);
    private boolean syncing;

    @FXML
    private TreeView<FleetNode> fleetTree;
    @FXML
    private TextField treeFilter;
    @FXML
    private CheckBox errorsOnly;
    @FXML
    private CheckBox sortByRunning;

    public FleetTreeController(FleetTreeViewModel tree, SessionsViewModel sessions, FleetHistory history) {
        this.tree = tree;
        this.sessions = sessions;
        this.history = history;
    }

    @FXML
    private void initialize() {
        fleetTree.setCellFactory(view -> new NodeCell(history));
        hiddenRoot.setExpanded(true);
        fleetTree.setRoot(hiddenRoot);
        fleetTree.setShowRoot(false);
        // One height for every cell (each has two lines): the tree then never measures its 1,000 cells.
        fleetTree.setFixedCellSize(NodeCell.HEIGHT);
        treeFilter.setId("treeFilter"); // the factory-made field does not take the fx:id as its id
        treeFilter.textProperty().bindBidirectional(tree.nameFilterProperty());
        errorsOnly.selectedProperty().bindBidirectional(tree.errorsOnlyProperty());
        sortByRunning.selectedProperty().bindBidirectional(tree.sortByRunningProperty());
        show(tree.rootProperty().get());
        // An invalidation, not a change listener: a refresh whose figures equal the last still brings sparklines a point.
        tree.rootProperty().addListener(root -> show(tree.rootProperty().get()));
        fleetTree.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (!syncing) {
                chosen(now);
            }
        });
        fleetTree.getSelectionModel().select(fleetItem());
        // Another part of the window may choose the node (the screenshot, a test): select its item if it shows.
        tree.selectedProperty().addListener((obs, was, now) -> {
            TreeItem<FleetNode> item = now == null ? null : items.get(now.id());
            if (item != null && item.getParent() == null) {
                return; // hidden by the filters
            }
            if (item != null && item != fleetTree.getSelectionModel().getSelectedItem()) {
                fleetTree.getSelectionModel().select(item);
            }
        });
    }

    private void chosen(TreeItem<FleetNode> item) {
        FleetNode node = item == null ? fleetItem().getValue() : item.getValue();
        tree.selectedProperty().set(node);
        sessions.scopeProperty().set(node.scope());
    }

    /** Moves the existing items into the new shape; the selected node stays selected while it is shown. */
    private void show(FleetNode root) {
        TreeItem<FleetNode> before = fleetTree.getSelectionModel().getSelectedItem();
        String selected = before == null ? "fleet" : before.getValue().id();
        Set<String> shown = new HashSet<>();
        syncing = true;
        try {
            TreeItem<FleetNode> top = sync(root, shown);
            if (hiddenRoot.getChildren().size() != 1 || hiddenRoot.getChildren().get(0) != top) {
                hiddenRoot.getChildren().setAll(List.of(top));
            }
            // Items of nodes the filters hide are kept (with their expansion) for when they show again; only
            // nodes that left the fleet are forgotten.
            if (items.size() > shown.size()) {
                Set<String> fleet = new HashSet<>();
                collect(tree.fleetProperty().get(), fleet);
                items.keySet().retainAll(fleet);
            }
            TreeItem<FleetNode> again = shown.contains(selected) ? items.get(selected) : top;
            if (fleetTree.getSelectionModel().getSelectedItem() != again) {
                fleetTree.getSelectionModel().select(again);
            }
        } finally {
            syncing = false;
        }
        TreeItem<FleetNode> now = fleetTree.getSelectionModel().getSelectedItem();
        if (now != before || now != null && !now.getValue().id().equals(selected)) {
            chosen(now);
        }
    }

    private TreeItem<FleetNode> sync(FleetNode node, Set<String> shown) {
        shown.add(node.id());
        NodeItem item = items.computeIfAbsent(node.id(), id -> {
            NodeItem made = new NodeItem(node);
            made.setExpanded(true);
            return made;
        });
        item.quietly(node);
        List<FleetNode> children = node.children();
        List<TreeItem<FleetNode>> kids = new ArrayList<>(children.size());
        for (FleetNode child : children) {
            kids.add(sync(child, shown));
        }
        if (!sameItems(item.getChildren(), kids)) {
            item.getChildren().setAll(kids);
        }
        return item;
    }

    private TreeItem<FleetNode> fleetItem() {
        return hiddenRoot.getChildren().isEmpty() ? hiddenRoot : hiddenRoot.getChildren().get(0);
    }

    private static void collect(FleetNode node, Set<String> ids) {
        ids.add(node.id());
        node.children().forEach(child -> collect(child, ids));
    }

    private static boolean sameItems(List<TreeItem<FleetNode>> now, List<TreeItem<FleetNode>> wanted) {
        if (now.size() != wanted.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i) != wanted.get(i)) {
                return false;
            }
        }
        return true;
    }
}
