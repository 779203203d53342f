package com.sessionconsole;

import com.sessionconsole.cli.WindowStart;
import com.sessionconsole.ui.app.ConsoleApp;
import com.sessionconsole.ui.app.LowerView;
import com.sessionconsole.ui.app.WindowOptions;

import java.nio.file.Path;
import java.util.Locale;

/** Opens the window; loaded only when no command is given, so the commands never load JavaFX. */
final class WindowStarter {
    /** Returned while the window runs on its own thread: the launcher must not exit. */
    static final int STAYS_OPEN = -1;

    private WindowStarter() {
    }

    static int open(Path inventory, boolean inventoryGiven, Path dataDir, WindowStart start) {
        WindowOptions options = new WindowOptions(inventory, inventoryGiven, dataDir, start.screenshot(),
                start.show() == null ? null : LowerView.valueOf(start.show().name().toUpperCase(Locale.ROOT)),
                StandardBackends::create, new StandardAuditStores());
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
            } catch (NoClassDefFoundError e) {
                // A launcher without the JavaFX modules (session-console-server, for serve) given no command.
                System.err.println("error: this launcher cannot open the window: JavaFX is not on its module"
                        + " path (" + e.getMessage() + "). The window is session-console; the list, kill, tasks"
                        + " and serve commands need no JavaFX.");
                code = 5;
            }
            System.exit(code);
        }, "window");
        window.start();
        return STAYS_OPEN;
    }
}
