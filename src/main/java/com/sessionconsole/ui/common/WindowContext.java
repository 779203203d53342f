package com.sessionconsole.ui.common;

import com.sessionconsole.killsession.Caller;

import java.nio.file.Path;

/**
 * What the window knows about how it was started.
 *
 * @param inventoryFile where the inventory dialog saves (the default path in demo mode)
 * @param demo          true when the fleet is the embedded demo fleet
 * @param dataDir       where the window keeps what it remembers between runs (the open pane, the rule being built)
 */
public record WindowContext(Path inventoryFile, boolean demo, Caller caller, Path dataDir) {

    /** A context whose remembered state sits beside the inventory file. */
    public static WindowContext of(Path inventoryFile, boolean demo) {
        Path dir = inventoryFile.toAbsolutePath().getParent();
        return of(inventoryFile, demo, dir == null ? Path.of(".") : dir);
    }

    public static WindowContext of(Path inventoryFile, boolean demo, Path dataDir) {
        return new WindowContext(inventoryFile, demo, Caller.operator("window"), dataDir);
    }
}
