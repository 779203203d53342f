package com.sessionconsole.cli;

import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.testfleet.FleetTestSupport;
import com.sessionconsole.testfleet.TestLaunch;
import org.junit.jupiter.api.BeforeEach;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Commands run in-process against the real fleet, with what they printed kept in {@link #out} and {@link #err}. */
abstract class CliTestSupport extends FleetTestSupport {
    protected Path inventoryFile;
    protected String out;
    protected String err;

    @BeforeEach
    void writeInventory() throws Exception {
        inventoryFile = dataDir.resolve("inventory.yaml");
        InventoryWriter.write(fleet.inventory(), inventoryFile);
    }

    /** Runs the command line as given; no window may open. */
    protected int run(String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = SessionConsoleCli.run(args, TestLaunch.standard(), (inventory, given, data, shot) -> {
            throw new AssertionError("no window in these tests");
        }, new PrintWriter(stdout), new PrintWriter(stderr));
        out = stdout.toString();
        err = stderr.toString();
        return code;
    }

    /** The arguments with the test fleet's inventory and a data directory of this test's. */
    protected String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--inventory", inventoryFile.toString(), "--data-dir", dataDir.resolve("data").toString()));
        return all.toArray(new String[0]);
    }

    /** Runs a command on the test fleet. */
    protected int runOnFleet(String... args) {
        return run(with(args));
    }
}
