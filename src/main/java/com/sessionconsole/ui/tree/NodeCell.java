package com.sessionconsole.ui.tree;

import com.sessionconsole.ui.history.FleetHistory;
import com.sessionconsole.ui.history.Sparkline;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.Objects;

/**
 * A node with a status dot, its name and figures, a summary line for instances and the fleet, and a sparkline of
 * running sessions. The cell's nodes are made once and reused for whichever node it shows. It follows its item's
 * value itself: a refresh's new figures are not announced to the TreeView ({@link NodeItem}), whose answer to such an
 * announcement is to rebuild every cell.
 */
final class NodeCell extends TreeCell<FleetNode> {
    /** Two lines of text and the cell's padding. */
    static final double HEIGHT = 38;

    private final FleetHistory history;
    private final Region dot = new Region();
    private final Label title = new Label();
    private final Label summary = new Label();
    private final Sparkline sparkline = new Sparkline();
    private final Tooltip tooltip = new Tooltip();
    private final HBox box;
    private String shownKind;
    private String shownStatus;
    /**
     * An invalidation, not a change listener: a shard whose figures did not change gets an equal node, and its
     * sparkline must still draw the new refresh. Held here, weakly by the item: a dropped cell leaves no listener.
     */
    private final InvalidationListener valueSet = value -> {
        FleetNode now = getTreeItem() == null ? null : getTreeItem().getValue();
        updateItem(now, now == null);
    };
    private final WeakInvalidationListener weakValueSet = new WeakInvalidationListener(valueSet);

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
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(0);
        setPrefWidth(0); // no horizontal scrolling for long names: the tree is as wide as its pane
        treeItemProperty().addListener((obs, was, now) -> {
            if (was != null) {
                was.valueProperty().removeListener(weakValueSet);
            }
            if (now != null) {
                now.valueProperty().addListener(weakValueSet);
            }
        });
    }

    @Override
    protected void updateItem(FleetNode node, boolean empty) {
        super.updateItem(node, empty);
        setText(null);
        if (empty || node == null) {
            marks(null, null);
            setGraphic(null);
            setTooltip(null);
            return;
        }
        title.setText(node.label());
        String line = node.summary();
        summary.setText(line);
        marks("node-" + node.kind().name().toLowerCase(Locale.ROOT),
                node.failed() ? "status-error" : node.sessions() < 0 ? "status-unknown" : "status-ok");
        sparkline.show(history.ring(node.id()), history.newestSlot());
        setGraphic(box);
        String hover = node.failed() ? node.error() : node.detail();
        String trend = "Running sessions, last " + Sparkline.MINUTES + " min: peak " + sparkline.peak()
                + (sparkline.last() < 0 ? "" : ", now " + sparkline.last());
        tooltip.setText(hover == null || hover.isBlank() ? trend : hover + "\n" + trend);
        setTooltip(tooltip);
    }

    /**
     * The cell's kind and the dot's status as style classes, changed only when they differ: a changed style class
     * makes the cell and all it holds go through CSS again, and a refresh must not cost every visible cell that.
     */
    private void marks(String kind, String status) {
        if (Objects.equals(kind, shownKind) && Objects.equals(status, shownStatus)) {
            return;
        }
        getStyleClass().removeAll("node-error", "node-fleet", "node-instance", "node-shard");
        if (kind != null) {
            getStyleClass().add(kind);
            if ("status-error".equals(status)) {
                getStyleClass().add("node-error");
            }
            dot.getStyleClass().setAll("status-dot", status);
        }
        shownKind = kind;
        shownStatus = status;
    }
}
