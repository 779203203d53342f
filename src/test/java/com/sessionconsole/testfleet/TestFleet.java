package com.sessionconsole.testfleet;

import com.sessionconsole.demo.EmbeddedFleet.InstanceSpec;
import com.sessionconsole.demo.EmbeddedFleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The fleet every test shares: two instances, three shards, each shard its own MariaDB server process,
 * started once per test run (the first test that asks) and stopped when the test JVM exits.
 */
public final class TestFleet {
    public static final String INSTANCE_A = "tdsqlshard-test0001";
    public static final String INSTANCE_B = "tdsqlshard-test0002";
    /** Shards of instance A. */
    public static final String SHARD_A1 = "shard-test0001s1";
    public static final String SHARD_A2 = "shard-test0001s2";
    /** The one shard of instance B; tests that stop a shard stop this one and start it again. */
    public static final String SHARD_B1 = "shard-test0002s1";

    private static EmbeddedFleet fleet;
    private static RuntimeException failure;

    private TestFleet() {
    }

    public static synchronized EmbeddedFleet get() {
        if (failure != null) {
            throw failure; // one failed start is enough: do not try again for every test class
        }
        if (fleet == null) {
            try {
                fleet = EmbeddedFleet.start(List.of(new InstanceSpec(INSTANCE_A, "orders", 2),
                        new InstanceSpec(INSTANCE_B, "billing", 1)), 300);
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
                throw failure;
            }
            EmbeddedFleet started = fleet;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-fleet-stop"));
        }
        return fleet;
    }
}
