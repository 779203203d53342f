package com.sessionconsole.ui.tree;

import javafx.event.EventDispatchChain;
import javafx.scene.control.TreeItem;

/**
 * A tree item whose new value reaches its own cell (which redraws in place) but not its ancestors, where the
 * TreeView's skin would hear it and rebuild every cell.
 */
final class NodeItem extends TreeItem<FleetNode> {
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
