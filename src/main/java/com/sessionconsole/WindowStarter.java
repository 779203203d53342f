package com.sessionconsole;

import java.nio.file.Path;

/** Opens the window; loaded only when no command is given, so the commands never load JavaFX. */
final class WindowStarter {
    /** Returned while the window runs on its own thread: the launcher must not exit. */
    static final int STAYS_OPEN = -1;

    private WindowStarter() {
    }

    static int open(Path inventory, boolean inventoryGiven, Path dataDir, Path screenshot) {
        System.err.println("error: the window is not part of this build yet; use the list, kill and tasks commands");
        return 2;
    }
}
