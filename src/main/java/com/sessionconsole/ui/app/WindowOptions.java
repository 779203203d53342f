package com.sessionconsole.ui.app;

import com.sessionconsole.fleet.backend.BackendFactory;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * How the launcher asked for the window.
 *
 * @param inventoryGiven true when --inventory named the file (then it must exist)
 * @param screenshot     when set: write a PNG once the first refresh has painted, then exit
 * @param shot           what the screenshot shows
 * @param backends       makes the backend factory of the service the window opens (the service owns it)
 */
public record WindowOptions(Path inventory, boolean inventoryGiven, Path dataDir, Path screenshot, Shot shot,
                            Supplier<BackendFactory> backends) {

    /** What a screenshot shows: a lock waiter's details, or the history charts of the busiest instance. */
    public enum Shot { SESSIONS, HISTORY }
}
