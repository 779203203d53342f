package com.sessionconsole.ui.tree;

import com.sessionconsole.killsession.Scope;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import javafx.fxml.FXML;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fleet tree: Fleet, its instances and their shards; selecting a node narrows the sessions table. */
public final class FleetTreeController {
    private final FleetTreeViewModel tree;
    private final SessionsViewModel sessions;
    private final Map<String, TreeItem<FleetNode>> items = new HashMap<>();

    @FXML
    private TreeView<FleetNode> fleetTree;

    public FleetTreeController(FleetTreeViewModel tree, SessionsViewModel sessions) {
        this.tree = tree;
        this.sessions = sessions;
    }

    @FXML
    private void initialize() {
        fleetTree.setCellFactory(view -> new NodeCell());
        fleetTree.setShowRoot(true);
        show(tree.rootProperty().get());
        tree.rootProperty().addListener((obs, was, now) -> show(now));
        fleetTree.getSelectionModel().selectedItemProperty().addListener((obs, was, now) ->
                sessions.scopeProperty().set(now == null ? Scope.FLEET : now.getValue().scope()));
        fleetTree.getSelectionModel().select(fleetTree.getRoot());
    }

    /** Updates nodes in place when the fleet's shape is unchanged, so selection and expansion stay put. */
    private void show(FleetNode root) {
        if (sameShape(root)) {
            update(root);
            return;
        }
        String selected = fleetTree.getSelectionModel().getSelectedItem() == null ? "fleet"
                : fleetTree.getSelectionModel().getSelectedItem().getValue().id();
        items.clear();
        fleetTree.setRoot(build(root));
        TreeItem<FleetNode> again = items.getOrDefault(selected, fleetTree.getRoot());
        fleetTree.getSelectionModel().select(again);
    }

    private TreeItem<FleetNode> build(FleetNode node) {
        TreeItem<FleetNode> item = new TreeItem<>(node);
        item.setExpanded(true);
        items.put(node.id(), item);
        for (FleetNode child : node.children()) {
            item.getChildren().add(build(child));
        }
        return item;
    }

    private void update(FleetNode node) {
        items.get(node.id()).setValue(node);
        node.children().forEach(this::update);
    }

    private boolean sameShape(FleetNode root) {
        List<String> ids = new ArrayList<>();
        collect(root, ids);
        return fleetTree.getRoot() != null && ids.size() == items.size() && items.keySet().containsAll(ids);
    }

    private static void collect(FleetNode node, List<String> ids) {
        ids.add(node.id());
        node.children().forEach(child -> collect(child, ids));
    }

    /** A node with a status dot; an unreachable shard shows a red mark and its error on hover. */
    private static final class NodeCell extends TreeCell<FleetNode> {
        @Override
        protected void updateItem(FleetNode node, boolean empty) {
            super.updateItem(node, empty);
            getStyleClass().removeAll("node-error", "node-fleet", "node-instance", "node-shard");
            if (empty || node == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            setText(node.label());
            Region dot = new Region();
            dot.getStyleClass().addAll("status-dot", node.failed() ? "status-error" : node.sessions() < 0 ? "status-unknown" : "status-ok");
            setGraphic(dot);
            getStyleClass().add("node-" + node.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (node.failed()) {
                getStyleClass().add("node-error");
            }
            String hover = node.failed() ? node.error() : node.detail();
            setTooltip(hover == null || hover.isBlank() ? null : new Tooltip(hover));
        }
    }
}
