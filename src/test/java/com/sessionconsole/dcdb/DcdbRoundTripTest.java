package com.sessionconsole.dcdb;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.api.ApiTestSupport;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.fleet.inventory.DcdbEndpoint;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.testfleet.Await;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End to end: a console whose inventory holds a {@code dcdb} instance that points at a second Session Console
 * server (http, loopback), which serves the shared fleet. The console lists through DescribeDCDBInstances,
 * DescribeDCDBShards, DescribeDCDBInstanceNodeInfo and DescribeProcessList, and kills through KillSession and
 * DescribeFlow, all with the official SDK.
 */
class DcdbRoundTripTest extends ApiTestSupport {

    private KillSessionService console(String secretId, String secretKey) throws Exception {
        DcdbEndpoint api = new DcdbEndpoint(endpoint, false, "ap-guangzhou", Secret.plain(secretId),
                Secret.plain(secretKey), null);
        Inventory inventory = new Inventory(null, List.of(new InstanceConfig(INSTANCE_A, null, InstanceKind.DCDB,
                "ap-guangzhou", List.of(), api)), List.of());
        return KillSessionService.open(inventory, dataDir.resolve("console-" + secretId), ServiceOptions.DEFAULT, StandardBackends.create());
    }

    @Test
    void theConsoleListsTheRemoteFleetAndKillsOneSession() throws Exception {
        Victim victim = work.openTransaction(SHARD_A1, 51, 3);
        try (KillSessionService console = console(KILLER_ID, KILLER_KEY)) {
            FleetSnapshot snapshot = console.listSessions(Scope.FLEET, OPERATOR);

            assertThat(snapshot.instanceErrors()).isEmpty();
            assertThat(snapshot.instances()).singleElement().satisfies(i -> {
                assertThat(i.name()).isEqualTo("orders");
                assertThat(i.shards()).extracting(s -> s.shardId()).containsExactly(SHARD_A1, SHARD_A2);
            });
            assertThat(snapshot.shards()).allMatch(s -> s.ok());
            Session shown = snapshot.sessions().stream().filter(s -> s.id() == victim.threadId()).findFirst().orElseThrow();
            assertThat(shown.user()).isEqualTo("app");
            assertThat(shown.transaction()).isNotNull();
            assertThat(shown.transaction().rowsModified()).isEqualTo(3);
            assertThat(snapshot.sessions()).filteredOn(Session::ownConnection).isNotEmpty()
                    .allMatch(Session::isProtected);

            KillTask task = console.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(victim.threadId(), 987_654_777L),
                    null), OPERATOR);

            assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
            assertThat(task.outcomes()).extracting(SessionOutcome::outcome)
                    .containsExactly(Outcome.KILLED, Outcome.ALREADY_GONE);
            Await.until("the victim to leave the remote fleet", () -> !serverShows(SHARD_A1, victim.threadId()));
            // Each side audits its own caller: the console's operator here, the SecretId on the server.
            assertThat(task.actor()).startsWith("test:");
            assertThat(Files.readString(Path.of(service.auditLocation()))).contains("api:" + KILLER_ID);
        }
    }

    @Test
    void theApiKillsConnectionsOnlyAndARemoteRefusalEndsDenied() throws Exception {
        Victim sleeper = work.sleeping(SHARD_A2, 60);
        Await.until("the statement to run", () -> find(SHARD_A2, sleeper.threadId())
                .map(s -> s.statement() != null).orElse(false));
        try (KillSessionService console = console(KILLER_ID, KILLER_KEY)) {
            // Refused before anything is read or sent: the contract has no KILL QUERY.
            assertThatThrownBy(() -> console.kill(KillRequest.of(INSTANCE_A, SHARD_A2, List.of(sleeper.threadId()),
                    KillMode.QUERY), OPERATOR)).isInstanceOfSatisfying(KillSessionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION);
                        assertThat(e.getMessage()).contains("ends connections only");
                        assertThat(e.taskId()).isNull();
                    });
        }
        try (KillSessionService readOnly = console(READER_ID, READER_KEY)) {
            KillTask denied = readOnly.kill(KillRequest.of(INSTANCE_A, SHARD_A2, List.of(sleeper.threadId()), null),
                    OPERATOR);
            assertThat(denied.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.outcome()).isEqualTo(Outcome.DENIED);
                assertThat(o.message()).contains("UnauthorizedOperation.PermissionDenied", "RequestId");
            });
        }
        assertThat(sleeper.running()).isNotDone();
    }

    @Test
    void badCredentialsShowTheApiCodeAndRequestId() throws Exception {
        try (KillSessionService console = console(KILLER_ID, "not-the-right-secret-key-000000")) {
            FleetSnapshot snapshot = console.instances(OPERATOR);
            assertThat(snapshot.instanceErrors().get(INSTANCE_A)).contains("AuthFailure.SignatureFailure", "RequestId",
                    "DescribeDCDBInstances", "http://" + endpoint);
        }
    }
}
