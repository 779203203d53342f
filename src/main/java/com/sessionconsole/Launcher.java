package com.sessionconsole;

import com.sessionconsole.cli.Launch;
import com.sessionconsole.cli.SessionConsoleCli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The one entry point of {@code session-console}: the window by default, the headless commands otherwise.
 * A plain main class (not a JavaFX Application) so that the commands never touch the toolkit and need no
 * display, and so that the classpath launch needs no module flags.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Launch launch = new Launch(AppPaths.defaultInventory(), AppPaths.defaultDataDir(), AppVersion.get(),
                StandardBackends::create);
        int code = SessionConsoleCli.run(args, launch, WindowStarter.OPENER, out, err);
        if (code != WindowStarter.STAYS_OPEN) {
            System.exit(code);
        }
    }
}
