package com.sessionconsole;

import com.sessionconsole.cli.SessionConsoleCli;
import com.sessionconsole.ui.app.ConsoleApp;
import com.sessionconsole.ui.app.WindowOptions;

import java.nio.file.Path;

/** Opens the window; loaded only when no command is given, so the commands never load JavaFX. */
final class WindowStarter {
    /** Returned while the window runs on its own thread: the launcher must not exit. */
    static final int STAYS_OPEN = -1;

    private WindowStarter() {
    }

    /** The launcher's way to open the window, with what a screenshot shows. */
    static final SessionConsoleCli.WindowOpener OPENER = new SessionConsoleCli.WindowOpener() {
        @Override
        public int open(Path inventory, boolean inventoryGiven, Path dataDir, Path screenshot) {
            return WindowStarter.open(inventory, inventoryGiven, dataDir, screenshot, "sessions");
        }

        @Override
        public int open(Path inventory, boolean inventoryGiven, Path dataDir, Path screenshot, String view) {
            return WindowStarter.open(inventory, inventoryGiven, dataDir, screenshot, view);
        }
    };

    static int open(Path inventory, boolean inventoryGiven, Path dataDir, Path screenshot, String view) {
        WindowOptions options = new WindowOptions(inventory, inventoryGiven, dataDir, screenshot,
                "history".equals(view) ? WindowOptions.Shot.HISTORY : WindowOptions.Shot.SESSIONS, StandardBackends::create);
        // A thread of its own (not daemon) keeps the JVM up while the window is open; it exits with the
        // window's code once the toolkit has shut down.
        Thread window = new Thread(() -> {
            int code;
            try {
                code = ConsoleApp.run(options);
            } catch (RuntimeException e) {
                System.err.println("error: cannot open the window: " + e.getMessage()
                        + " (no display? the list, kill and tasks commands need none)");
                code = 5;
            }
            System.exit(code);
        }, "window");
        window.start();
        return STAYS_OPEN;
    }
}
