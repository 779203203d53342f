package com.sessionconsole.bench;

import com.sessionconsole.Launcher;
import com.sessionconsole.demo.EmbeddedFleet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The window on the whole fleet as its own process (headless, through Monocle, as the window tests run it),
 * refreshing every 5 s: its threads are read from /proc throughout, and the servers' connection counts tell
 * that it did read the fleet.
 */
final class WindowThreads {
    private static final int WATCH_SECONDS = 60;

    private WindowThreads() {
    }

    static void measure(Path inventory, Path work, EmbeddedFleet fleet, int entries, Map<String, String> figures)
            throws Exception {
        long connectedBefore = connected(fleet);
        List<String> options = new ArrayList<>(ChildJvm.LAUNCHER_OPTIONS);
        options.addAll(List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-Djava.awt.headless=true"));
        Process window = new ProcessBuilder(ChildJvm.command(options, Launcher.class.getName(), "--inventory",
                inventory.toString(), "--data-dir", work.resolve("window-data").toString()))
                .redirectErrorStream(true).redirectOutput(work.resolve("window.log").toFile()).start();
        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watch = new Thread(() -> {
            while (watching.get() && window.isAlive()) {
                peak.accumulateAndGet(ProcessWatch.sample(window.pid())[0], Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watch.start();
        long opened;
        try {
            Thread.sleep(WATCH_SECONDS * 1000L);
            opened = connected(fleet) - connectedBefore;
            if (!window.isAlive()) {
                throw new IllegalStateException("the window stopped; see " + work.resolve("window.log"));
            }
        } finally {
            watching.set(false);
            watch.join();
            window.destroy();
            window.waitFor();
        }
        figures.put("peak threads of the window over " + WATCH_SECONDS + " s of 5 s refreshes (" + opened
                + " console connections open for " + entries + " shard entries)",
                peak.get() + "|<= 100|" + FleetScaleBenchmark.met(peak.get() <= 100 && opened <= entries));
    }

    /** Connections open on every server of the fleet now. */
    private static long connected(EmbeddedFleet fleet) throws Exception {
        long total = 0;
        for (EmbeddedFleet.EmbeddedShard shard : fleet.shards()) {
            try (Connection admin = shard.server().adminConnection(); Statement sql = admin.createStatement();
                 ResultSet rs = sql.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_connected'")) {
                rs.next();
                total += rs.getLong(2) - 1; // not this admin connection
            }
        }
        return total;
    }
}
