package com.sessionconsole.ui;

import java.nio.file.Path;

/**
 * How the launcher asked for the window.
 *
 * @param inventoryGiven true when --inventory named the file (then it must exist)
 * @param screenshot     when set: write a PNG once the first refresh has painted, then exit
 */
public record WindowOptions(Path inventory, boolean inventoryGiven, Path dataDir, Path screenshot) {
}
