package com.sessionconsole.ui.sessions;

import com.sessionconsole.fleet.KillMode;
import javafx.stage.Window;

/** What the table's kill keys and menu items start: the confirmation, then the kill of the selected sessions. */
@FunctionalInterface
public interface KillAction {
    void kill(KillMode mode, Window owner);
}
