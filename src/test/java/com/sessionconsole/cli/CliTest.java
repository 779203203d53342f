package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.killsession.audit.FileAuditStore;
import com.sessionconsole.testfleet.AuditLines;
import com.sessionconsole.testfleet.Await;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

class CliTest extends CliTestSupport {
    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isZero();
        assertThat(out).startsWith("session-console 0.1.0");
        assertThat(run("--help")).isZero();
        assertThat(out).contains("list", "kill", "tasks", "Exit codes:");
        assertThat(run("kill", "--help")).isZero();
        assertThat(out).contains("--shard-serial-id", "--dry-run", "--yes");
    }

    @Test
    void listShowsTheVictimsAsATableAndAsJson() throws Exception {
        Victim victim = work.idle(SHARD_A1);

        assertThat(run(with("list", "--user", "app"))).isZero();
        assertThat(out).contains("INSTANCE", String.valueOf(victim.threadId()), SHARD_A1);
        assertThat(err).isEmpty();

        assertThat(run(with("list", "--instance", INSTANCE_A, "--shard", SHARD_A1, "--format", "json"))).isZero();
        JsonNode json = Json.MAPPER.readTree(out);
        assertThat(json.path("shards")).hasSize(1);
        assertThat(json.path("sessions").findValuesAsText("shardId")).containsOnly(SHARD_A1);
        assertThat(json.path("sessions").findValues("id")).anyMatch(id -> id.asLong() == victim.threadId());
    }

    @Test
    void killWithYesKillsAndPrintsTheTask() throws Exception {
        Victim victim = work.openTransaction(SHARD_A1, 41, 2);

        int code = run(with("kill", "--instance", INSTANCE_A, "--shard-id", SHARD_A1, "--yes",
                String.valueOf(victim.threadId())));

        assertThat(code).as(err).isZero();
        assertThat(out).contains("2 modified rows will be rolled back", "TaskId 1: SUCCESS",
                victim.threadId() + "  KILLED");
        Await.until("the session to go", () -> !serverShows(SHARD_A1, victim.threadId()));

        assertThat(run(with("tasks"))).isZero();
        assertThat(out).contains("cli:", INSTANCE_A, "SUCCESS");
        assertThat(run(with("tasks", "1"))).isZero();
        assertThat(out).contains("TaskId 1  SUCCESS  (DescribeFlow status 0)");
        assertThat(run(with("tasks", "99"))).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("InvalidParameter.FlowNotFound: no task 99");
    }

    @Test
    void tasksFindsATaskInARotatedSegment() throws Exception {
        // Tasks 1-500 rotated into a segment (named by its first TaskId, as the store names them), 501-1500 in the
        // active file: more than a process keeps in memory, so task 7 is read back from the segment.
        Path data = Files.createDirectories(dataDir.resolve("data"));
        Files.writeString(data.resolve("audit.0000000000000001.jsonl"), AuditLines.finished(1, 500));
        Files.writeString(data.resolve(FileAuditStore.FILE_NAME), AuditLines.finished(501, 1500));

        assertThat(run(with("tasks", "7"))).as(err).isZero();
        assertThat(out).contains("TaskId 7  SUCCESS  (DescribeFlow status 0)", "cli:test", INSTANCE_A);
        assertThat(run(with("tasks", "--limit", "1"))).isZero();
        assertThat(out).contains("1500");
        assertThat(run(with("tasks", "1501"))).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void tasksListsAsManyOfTheNewestTasksAsAskedBeyondWhatALongRunningProcessKeeps() throws Exception {
        int recorded = FileAuditStore.RECENT_TASKS + 200;
        Path data = Files.createDirectories(dataDir.resolve("data"));
        Files.writeString(data.resolve(FileAuditStore.FILE_NAME), AuditLines.finished(1, recorded));

        assertThat(run(with("tasks", "--limit", String.valueOf(recorded - 100), "--format", "json"))).isZero();
        JsonNode listed = Json.MAPPER.readTree(out);
        assertThat(listed).hasSize(recorded - 100);
        assertThat(listed.get(0).path("taskId").asLong()).isEqualTo(recorded);
        assertThat(listed.get(recorded - 101).path("taskId").asLong()).isEqualTo(101);
        // Finished tasks, each read with its outcome: none is listed only because it was still running.
        assertThat(listed.findValuesAsText("status")).hasSize(recorded - 100).containsOnly("SUCCESS");
        assertThat(run(with("tasks", "--limit", "20000", "--format", "json"))).isZero();
        assertThat(Json.MAPPER.readTree(out)).hasSize(recorded);
        assertThat(run(with("tasks", "--format", "json"))).isZero();
        assertThat(Json.MAPPER.readTree(out)).hasSize(50);
        // One older than any kept in memory: read back from the log, and shown without an empty serial id.
        assertThat(run(with("tasks", "7"))).isZero();
        assertThat(out).contains("TaskId 7  SUCCESS", "target    " + INSTANCE_A + " / " + SHARD_A1 + ", CONNECTION",
                "7  ALREADY_GONE").doesNotContain("null");
    }

    @Test
    void killWithoutATerminalOrYesRefusesAndDryRunKillsNothing() throws Exception {
        Victim victim = work.idle(SHARD_A1);

        assertThat(run(with("kill", "--instance", INSTANCE_A, "--shard-id", SHARD_A1,
                String.valueOf(victim.threadId())))).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("no terminal to confirm on");
        assertThat(run(with("kill", "--instance", INSTANCE_A, "--shard-id", SHARD_A1, "--dry-run",
                String.valueOf(victim.threadId())))).isZero();
        assertThat(out).contains("Dry run: nothing was killed.");
        assertThat(victim.connectionAlive()).isTrue();
        assertThat(run(with("tasks"))).isZero();
        assertThat(out).contains("No kill tasks yet.");
    }

    @Test
    void contractErrorsPrintTheirCodeAndExitNonZero() {
        assertThat(run(with("kill", "--instance", "tdsqlshard-nosuch", "--shard-id", SHARD_A1, "--yes", "5")))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("error: InvalidParameter.InstanceNotFound");
        assertThat(run(with("kill", "--instance", INSTANCE_A, "--yes", "5"))).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("error: MissingParameter: ShardId or ShardSerialId is required");
        assertThat(run(with("kill", "--instance", INSTANCE_A, "--shard-id", SHARD_A1, "--yes", "abc")))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("SESSION_ID");
    }

    @Test
    void aBadInventoryIsNamedWithItsLine() throws Exception {
        Path bad = dataDir.resolve("bad.yaml");
        Files.writeString(bad, "instances:\n  - id: x\n    kind: oracle\n");
        assertThat(run("list", "--inventory", bad.toString())).isEqualTo(ExitCode.CONFIG);
        assertThat(err).isEqualTo("error: " + bad + ":3: instances[0].kind: unknown kind 'oracle'"
                + " (expected mysql, dcdb or dcdb-account)" + System.lineSeparator());
    }

    @Test
    void aClosedShardPortIsACleanErrorWithoutAStackTrace() throws Exception {
        Path inventory = closedShardInventory();

        assertThat(run("list", "--inventory", inventory.toString(), "--data-dir", dataDir.resolve("d").toString()))
                .isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err).contains("shard-closed1", "Connection refused").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aKillOnAShardThatCannotBeReachedIsRecordedAsAFailedTask() throws Exception {
        Path inventory = closedShardInventory();
        String data = dataDir.resolve("d").toString();

        assertThat(run("kill", "--inventory", inventory.toString(), "--data-dir", data, "--instance",
                "tdsqlshard-closed", "--shard-id", "shard-closed1", "--yes", "42")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err).contains("shard-closed1", "recorded as failed; nothing was killed").doesNotContain("Exception");

        assertThat(run("tasks", "--inventory", inventory.toString(), "--data-dir", data)).isZero();
        assertThat(out).contains("tdsqlshard-closed", "shard-closed1", "FAILED");
        // A dry run only looks: nothing is recorded.
        assertThat(run("kill", "--inventory", inventory.toString(), "--data-dir", data, "--instance",
                "tdsqlshard-closed", "--shard-id", "shard-closed1", "--dry-run", "43")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run("tasks", "--inventory", inventory.toString(), "--data-dir", data, "--format", "json"))
                .isZero();
        assertThat(Json.MAPPER.readTree(out)).hasSize(1);
    }

    @Test
    void aQueryKillOnACloudInstanceIsRefusedBeforeAnythingIsRead() throws Exception {
        Path inventory = dataDir.resolve("cloud.yaml");
        Files.writeString(inventory, "instances:\n  - id: tdsqlshard-cloud1\n    kind: dcdb\n    region: ap-guangzhou\n"
                + "    endpoint: 127.0.0.1:1\n    protocol: http\n");

        assertThat(run("kill", "--inventory", inventory.toString(), "--data-dir", dataDir.resolve("c").toString(),
                "--instance", "tdsqlshard-cloud1", "--shard-id", "shard-anything", "--query", "--dry-run", "7"))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("UnsupportedOperation", "ends connections only", "kill the connection instead");
    }

    /** An inventory of one shard whose port nothing listens on. */
    private Path closedShardInventory() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path inventory = dataDir.resolve("closed.yaml");
        Files.writeString(inventory, "instances:\n  - id: tdsqlshard-closed\n    kind: mysql\n    shards:\n"
                + "      - shardId: shard-closed1\n        shardSerialId: set_9_1\n        host: 127.0.0.1\n"
                + "        port: " + closedPort + "\n        user: console\n        password: x\n");
        return inventory;
    }
}
