package com.sessionconsole.ui.tree;

import com.sessionconsole.ui.history.FleetHistory;
import com.sessionconsole.ui.history.Sparkline;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import javafx.event.EventDispatchChain;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
    private final TreeItem<FleetNode> hiddenRoot = new TreeItem<>();
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
        treeFilter.setId("treeFilter"); // the factory-made field does not take the fx:id as its id
        treeFilter.textProperty().bindBidirectional(tree.nameFilterProperty());
        errorsOnly.selectedProperty().bindBidirectional(tree.errorsOnlyProperty());
        sortByRunning.selectedProperty().bindBidirectional(tree.sortByRunningProperty());
        show(tree.rootProperty().get());
        tree.rootProperty().addListener((obs, was, now) -> show(now));
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
        List<TreeItem<FleetNode>> kids = new java.util.ArrayList<>(children.size());
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

    /**
     * A tree item whose new value reaches its own cell (which redraws in place) but not its ancestors, where the
     * TreeView's skin would hear it and rebuild every cell.
     */
    private static final class NodeItem extends TreeItem<FleetNode> {
        private static NodeItem updating; // FX thread only

        NodeItem(FleetNode node) {
            super(node);
        }

        void quietly(FleetNode node) {
            updating = this;
            try {
                setValue(node);
            } finally {
                updating = null;
            }
        }

        @Override
        public EventDispatchChain buildEventDispatchChain(EventDispatchChain tail) {
            // Asked by the item being updated for its parents' handlers: leave them out.
            return updating != null && updating != this ? tail : super.buildEventDispatchChain(tail);
        }
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

    /**
     * A node with a status dot, its name and figures, a summary line for instances and the fleet, and a sparkline of
     * running sessions. The cell's nodes are made once and reused for whichever node it shows.
     */
    private static final class NodeCell extends TreeCell<FleetNode> {
        private final FleetHistory history;
        private final Region dot = new Region();
        private final Label title = new Label();
        private final Label summary = new Label();
        private final Sparkline sparkline = new Sparkline();
        private final Tooltip tooltip = new Tooltip();
        private final HBox box;

        NodeCell(FleetHistory history) {
            this.history = history;
            title.getStyleClass().add("node-title");
            summary.getStyleClass().add("node-summary");
            title.setMinWidth(0);
            summary.setMinWidth(0);
            VBox text = new VBox(title, summary);
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            // The sparkline before the name, so a long name never pushes it out of sight.
            box = new HBox(7, dot, sparkline, text);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            box.setMinWidth(0);
            setPrefWidth(0); // no horizontal scrolling for long names: the tree is as wide as its pane
        }

        @Override
        protected void updateItem(FleetNode node, boolean empty) {
            super.updateItem(node, empty);
            getStyleClass().removeAll("node-error", "node-fleet", "node-instance", "node-shard");
            setText(null);
            if (empty || node == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            title.setText(node.label());
            String line = node.summary();
            summary.setText(line);
            summary.setVisible(!line.isEmpty());
            summary.setManaged(!line.isEmpty());
            dot.getStyleClass().setAll("status-dot", node.failed() ? "status-error" : node.sessions() < 0 ? "status-unknown" : "status-ok");
            sparkline.show(history.ring(node.id()), history.newestSlot());
            setGraphic(box);
            getStyleClass().add("node-" + node.kind().name().toLowerCase(Locale.ROOT));
            if (node.failed()) {
                getStyleClass().add("node-error");
            }
            String hover = node.failed() ? node.error() : node.detail();
            String trend = "Running sessions, last " + Sparkline.MINUTES + " min: peak " + sparkline.peak()
                    + (sparkline.last() < 0 ? "" : ", now " + sparkline.last());
            tooltip.setText(hover == null || hover.isBlank() ? trend : hover + "\n" + trend);
            setTooltip(tooltip);
        }
    }
}
