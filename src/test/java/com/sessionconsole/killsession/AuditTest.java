package com.sessionconsole.killsession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.killsession.audit.FileAuditStore;
import com.sessionconsole.testfleet.FleetTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

class AuditTest extends FleetTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void taskIdsKeepIncreasingWhenTheServiceIsRebuiltOnTheSameDataDir() throws Exception {
        long first = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(987_100_001L), null), OPERATOR).taskId();
        long second = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(987_100_002L), null), OPERATOR).taskId();
        service.close();

        service = KillSessionService.open(fleet.inventory(), dataDir, ServiceOptions.DEFAULT, StandardBackends.create());
        long third = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(987_100_003L), null), OPERATOR).taskId();

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(service.tasks()).extracting(KillTask::taskId).containsExactly(third, second, first);
    }

    @Test
    void everyKillHasAnIntentAndAnOutcomeAndNoPassword() throws Exception {
        Victim victim = work.idle(SHARD_A1);
        service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(victim.threadId()), null), OPERATOR);
        service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(987_100_004L), null), OPERATOR);

        List<String> lines = Files.readAllLines(Path.of(service.auditLocation()));
        Set<Long> intents = new HashSet<>();
        Set<Long> outcomes = new HashSet<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            if (record.path("type").asText().equals("intent")) {
                intents.add(record.path("taskId").asLong());
                assertThat(record.path("actor").asText()).startsWith("test:");
            } else if (record.path("type").asText().equals("outcome")) {
                outcomes.add(record.path("taskId").asLong());
            }
        }
        assertThat(intents).hasSize(2).isEqualTo(outcomes);
        String password = fleet.inventory().instances().get(0).shards().get(0).password().reference();
        assertThat(fleet.inventory().instances().get(0).shards().get(0).password().source())
                .isEqualTo(Secret.Source.PLAIN);
        assertThat(String.join("\n", lines)).doesNotContain(password);
        // The intent reached the disk before the KILL: it precedes its outcome in the file.
        assertThat(lines.get(0)).contains("\"type\":\"intent\"");
        assertThat(lines.get(1)).contains("\"type\":\"outcome\"");
    }

    @Test
    void anIntentWithoutAnOutcomeReadsAsInterruptedAndIdsGoOn() throws Exception {
        long before = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(987_100_005L), null), OPERATOR).taskId();
        service.close();
        // What a crash between the intent and the outcome leaves behind: a process that no longer exists.
        long deadPid = ProcessHandle.current().pid() + 4_000_000L;
        String intent = "{\"type\":\"intent\",\"taskId\":" + (before + 1) + ",\"time\":\"2026-11-29T10:00:00Z\","
                + "\"actor\":\"window:someone\",\"instanceId\":\"" + INSTANCE_A + "\",\"shardId\":\"" + SHARD_A1
                + "\",\"shardSerialId\":null,\"mode\":\"CONNECTION\",\"sessionIds\":[42],\"pid\":" + deadPid
                + ",\"processStart\":\"2026-11-29T09:00:00Z\"}\n";
        Files.writeString(dataDir.resolve(FileAuditStore.FILE_NAME), intent, StandardOpenOption.APPEND);

        service = KillSessionService.open(fleet.inventory(), dataDir, ServiceOptions.DEFAULT, StandardBackends.create());
        KillTask crashed = service.task(before + 1).orElseThrow();
        assertThat(crashed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(crashed.status().flowStatus()).isEqualTo(1);
        assertThat(crashed.detail()).startsWith("interrupted");

        long after = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(987_100_006L), null), OPERATOR).taskId();
        assertThat(after).isEqualTo(before + 2);
    }

    @Test
    void aTornLastLineDoesNotCorruptTheNextRecord() throws Exception {
        service.close();
        Files.writeString(dataDir.resolve(FileAuditStore.FILE_NAME), "{\"type\":\"intent\",\"taskId\":7,\"ti",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        service = KillSessionService.open(fleet.inventory(), dataDir, ServiceOptions.DEFAULT, StandardBackends.create());
        long id = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(987_100_007L), null), OPERATOR).taskId();

        assertThat(service.task(id).orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
        List<String> lines = Files.readAllLines(dataDir.resolve(FileAuditStore.FILE_NAME));
        assertThat(lines.get(1)).startsWith("{\"type\":\"intent\"");
    }
}
