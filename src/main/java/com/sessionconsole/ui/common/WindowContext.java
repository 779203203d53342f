package com.sessionconsole.ui.common;

import com.sessionconsole.killsession.Caller;

import java.nio.file.Path;

/**
 * What the window knows about how it was started.
 *
 * @param inventoryFile where the inventory dialog saves (the default path in demo mode)
 * @param demo          true when the fleet is the embedded demo fleet
 */
public record WindowContext(Path inventoryFile, boolean demo, Caller caller) {

    public static WindowContext of(Path inventoryFile, boolean demo) {
        return new WindowContext(inventoryFile, demo, Caller.operator("window"));
    }
}
