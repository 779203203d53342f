package com.sessionconsole.killsession;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import com.sessionconsole.testfleet.HoldingConsole;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/** Protection goes by what identifies a server thread or a console, never by a name a login can take. */
class ProtectionTest extends FleetTestSupport {

    @Test
    void aLoginNamedSystemUserIsKilledLikeAnyOther() throws Exception {
        try (Connection admin = fleet.shard(SHARD_A1).server().adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE USER IF NOT EXISTS 'system user'@'127.0.0.1' IDENTIFIED BY 'pretender-1'");
            sql.execute("CREATE USER IF NOT EXISTS 'event_scheduler'@'127.0.0.1' IDENTIFIED BY 'pretender-2'");
        }
        List<Connection> pretenders = new ArrayList<>();
        List<CompletableFuture<Void>> sleeping = new ArrayList<>();
        try {
            for (String[] login : new String[][] {{"system user", "pretender-1"}, {"event_scheduler", "pretender-2"}}) {
                Connection connection = fleet.shard(SHARD_A1).server().connect(login[0], login[1]);
                pretenders.add(connection);
                sleeping.add(CompletableFuture.runAsync(() -> {
                    try (Statement sql = connection.createStatement()) {
                        sql.execute("SELECT SLEEP(60)");
                    } catch (Exception e) {
                        // ended by the kill
                    }
                }));
            }
            Await.until("both pretenders to run their statement", () -> list().sessions().stream()
                    .filter(s -> s.shard().shardId().equals(SHARD_A1) && "Query".equals(s.command())
                            && ("system user".equals(s.user()) || "event_scheduler".equals(s.user()))).count() == 2);
            List<Session> targets = list().sessions().stream().filter(s -> s.shard().shardId().equals(SHARD_A1)
                    && ("system user".equals(s.user()) || "event_scheduler".equals(s.user()))
                    && "Query".equals(s.command())).toList();
            assertThat(targets).noneMatch(Session::isProtected);

            KillTask task = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1,
                    targets.stream().map(Session::id).toList(), null), OPERATOR);

            assertThat(task.outcomes()).extracting(SessionOutcome::outcome).containsOnly(Outcome.KILLED);
            for (Session target : targets) {
                Await.until("the pretender to be gone", () -> !serverShows(SHARD_A1, target.id()));
            }
        } finally {
            for (Connection connection : pretenders) {
                connection.close();
            }
        }
    }

    @Test
    void theConnectionsOfAnotherConsoleSharingTheDataDirectoryAreProtected() throws Exception {
        Path inventory = dataDir.resolve("holder-inventory.yaml");
        InventoryWriter.write(fleet.inventory(), inventory);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                HoldingConsole.class.getName(), inventory.toString(), dataDir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
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
            assertThat(theirs).as("the other console's connection to %s", SHARD_A1).isPositive();
            long other = theirs;

            Session seen = find(SHARD_A1, other).orElseThrow();
            assertThat(seen.isProtected()).as("another console's connection, listed here").isTrue();
            KillTask task = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(other), null), OPERATOR);
            assertThat(task.outcomes()).singleElement().satisfies(outcome -> {
                assertThat(outcome.outcome()).isEqualTo(Outcome.PROTECTED);
                assertThat(outcome.message()).contains("Session Console");
            });
            assertThat(serverShows(SHARD_A1, other)).isTrue();

            // A console with another data directory does not know it: the protection comes from the shared store.
            try (KillSessionService stranger = KillSessionService.open(fleet.inventory(), dataDir.resolve("other"),
                    ServiceOptions.DEFAULT, StandardBackends.create())) {
                assertThat(stranger.listSessions(Scope.shard(INSTANCE_A, SHARD_A1), OPERATOR).sessions())
                        .filteredOn(s -> s.id() == other).singleElement()
                        .satisfies(s -> assertThat(s.isProtected()).isFalse());
            }
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }
}
