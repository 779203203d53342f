package com.sessionconsole.bench;

import com.sessionconsole.dcdb.DcdbBackends;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.testfleet.CloudFleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A full refresh of a large cloud fleet against {@code serve} with the contract's default limit (20 requests per
 * second per SecretId and action) vs. the floor the limit allows: the refresh's calls of its busiest action divided
 * by 20 per second. Target: at most 1.2 times the floor.
 * <p>
 * The fleet: {@code INSTANCES} DCDB instances of {@code SHARDS} shards each, on one SecretId, listed through the
 * official SDK. Refreshes run back to back, as auto-refresh at its slowed-down pace does, so the lane's burst is
 * spent and each refresh meets the limit in full; the first ones warm up and are not counted.
 * <p>
 * Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.sessionconsole.bench.CloudRefreshBenchmark [-Dexec.args="INSTANCES SHARDS ROUNDS"]}
 */
public final class CloudRefreshBenchmark {
    private static final Caller OPERATOR = Caller.operator("bench");
    private static final int LIMIT = 20;
    private static final int WARM_UP_ROUNDS = 2;

    private CloudRefreshBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int shards = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path data = Files.createTempDirectory("session-console-cloud-bench");
        System.out.printf("Serving %d DCDB instances of %d shards (limit %d per second per action)...%n", instances,
                shards, LIMIT);
        try (CloudFleet cloud = CloudFleet.start(data, instances * shards, shards);
             DcdbBackends dcdb = new DcdbBackends(CloudFleet.PATIENT_API)) {
            List<InstanceConfig> entries = cloud.instanceIds().stream().map(cloud::instanceEntry).toList();
            try (KillSessionService console = KillSessionService.open(CloudFleet.inventory(entries),
                    data.resolve("console"), CloudFleet.PATIENT, dcdb)) {
                List<Double> ratios = new ArrayList<>();
                for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
                    Map<String, Long> before = new HashMap<>(dcdb.sentCalls());
                    long limited = dcdb.limitAnswers();
                    long start = System.nanoTime();
                    FleetSnapshot snapshot = console.listSessions(Scope.FLEET, OPERATOR);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long errors = snapshot.shards().stream().filter(s -> !s.ok()).count();
                    String busiest = null;
                    long calls = 0;
                    for (Map.Entry<String, Long> sent : dcdb.sentCalls().entrySet()) {
                        long delta = sent.getValue() - before.getOrDefault(sent.getKey(), 0L);
                        if (delta > calls) {
                            calls = delta;
                            busiest = sent.getKey();
                        }
                    }
                    double floor = calls / (double) LIMIT;
                    double ratio = seconds / floor;
                    boolean counted = round >= WARM_UP_ROUNDS;
                    if (counted) {
                        ratios.add(ratio);
                    }
                    System.out.printf("%s %d: %d shards, %d in error, %d %s calls, floor %.2f s, refresh %.2f s,"
                                    + " ratio %.3f, RequestLimitExceeded answers %d%n", counted ? "round" : "warm-up",
                            round + 1, snapshot.shards().size(), errors, calls, busiest, floor, seconds, ratio,
                            dcdb.limitAnswers() - limited);
                }
                ratios.sort(null);
                System.out.printf("Full refresh vs. the limit's floor: median %.3f, worst %.3f over %d rounds"
                        + " (target at most 1.2)%n", ratios.get(ratios.size() / 2), ratios.get(ratios.size() - 1),
                        ratios.size());
            }
        }
        System.exit(0); // the shared test fleet's servers stop in their shutdown hook
    }
}
