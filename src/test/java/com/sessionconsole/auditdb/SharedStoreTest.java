package com.sessionconsole.auditdb;

import com.sessionconsole.StandardAuditStores;
import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.inventory.AuditDatabase;
import com.sessionconsole.fleet.inventory.AuditSettings;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.fleet.inventory.Settings;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.testfleet.FleetTestSupport;
import com.sessionconsole.testfleet.HoldingConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Consoles that share one audit database: one history, each other's connections protected, and no kill unrecorded. */
class SharedStoreTest extends FleetTestSupport {
    private static AuditDatabaseFixture store;

    @BeforeAll
    static void startStore() throws Exception {
        store = AuditDatabaseFixture.start();
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    private Inventory withStore(AuditDatabase database) {
        Inventory fleetInventory = fleet.inventory();
        return new Inventory(null, fleetInventory.instances(), List.of(), new Settings(new AuditSettings(
                AuditSettings.DEFAULT_SEGMENT_BYTES, AuditSettings.DEFAULT_KEEP_SEGMENTS, database)));
    }

    private KillSessionService console(Inventory inventory, String dir) throws Exception {
        return KillSessionService.open(inventory, dataDir.resolve(dir), ServiceOptions.DEFAULT,
                StandardBackends.create(), new StandardAuditStores());
    }

    @Test
    void aStoreThatCannotBeWrittenStopsEveryKillAndListingGoesOn() throws Exception {
        Inventory inventory = withStore(store.newDatabase(true));
        Victim victim = work.idle(SHARD_A1);
        try (KillSessionService console = console(inventory, "down")) {
            store.server().stop();
            try {
                assertThat(console.listSessions(Scope.FLEET, OPERATOR).sessions())
                        .anyMatch(s -> s.id() == victim.threadId());
                assertThatThrownBy(() -> console.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(victim.threadId()),
                        null), OPERATOR)).isInstanceOfSatisfying(KillSessionException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE);
                            assertThat(e.code().code()).isEqualTo("InternalError.OperateDatabaseFailed");
                            assertThat(e.getMessage()).contains("nothing was killed");
                        });
                assertThat(serverShows(SHARD_A1, victim.threadId())).as("no KILL without its intent recorded").isTrue();
            } finally {
                store.server().restart();
            }
            KillTask task = console.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(victim.threadId()), null),
                    OPERATOR);
            assertThat(task.outcomes()).extracting(SessionOutcome::outcome).containsExactly(Outcome.KILLED);
        }
    }

    @Test
    void everyConsoleSeesTheOthersTasksAndProtectsTheirConnections() throws Exception {
        AuditDatabase database = store.newDatabase(true);
        Inventory inventory = withStore(database);
        Path file = dataDir.resolve("shared-inventory.yaml");
        InventoryWriter.write(new Inventory(null, inventory.instances(), List.of(), inventory.settings()), file);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                HoldingConsole.class.getName(), file.toString(), dataDir.resolve("other").toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (KillSessionService console = console(inventory, "here")) {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (Exception e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(ready).startsWith("ready ");
            long theirs = -1;
            for (String pair : ready.substring("ready ".length()).split(" ")) {
                if (pair.startsWith(SHARD_A1 + ":")) {
                    theirs = Long.parseLong(pair.substring(SHARD_A1.length() + 1));
                }
            }
            long other1 = theirs;
            Thread.sleep(DatabaseConsoleConnections.REFRESH_MILLIS + 100);
            Session seen = console.listSessions(Scope.shard(INSTANCE_A, SHARD_A1), OPERATOR).sessions().stream()
                    .filter(s -> s.id() == other1).findFirst().orElseThrow();
            assertThat(seen.isProtected()).as("the other console's connection, through the shared store").isTrue();
            KillTask refused = console.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(other1), null), OPERATOR);
            assertThat(refused.outcomes()).extracting(SessionOutcome::outcome).containsExactly(Outcome.PROTECTED);
            assertThat(serverShows(SHARD_A1, other1)).isTrue();
        } finally {
            other.getOutputStream().close();
            if (!other.waitFor(20, TimeUnit.SECONDS)) {
                other.destroyForcibly();
            }
        }
        try (KillSessionService later = console(inventory, "later")) {
            assertThat(later.tasks()).extracting(KillTask::actor).contains(OPERATOR.actor());
        }
    }
}
