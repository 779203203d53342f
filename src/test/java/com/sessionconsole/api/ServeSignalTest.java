package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionconsole.Launcher;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.killsession.audit.FileAuditStore;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code session-console serve} as its own process, stopped by a real SIGTERM. */
class ServeSignalTest extends FleetTestSupport {
    private static final String SECRET_ID = "AKIDsignal0001";
    private static final String SECRET_KEY = "signal-secret-key-0123456789abcdef";

    private int port;

    /** Starts {@code serve} as its own process on a free port, its output in serve.log. */
    private Process serve(String... extra) throws Exception {
        Path inventory = dataDir.resolve("inventory.yaml");
        InventoryWriter.write(fleet.inventory(), inventory);
        Path keys = dataDir.resolve("keys.yaml");
        Files.writeString(keys, "keys:\n  - secretId: " + SECRET_ID + "\n    secretKey: " + SECRET_KEY
                + "\n    permission: kill\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "serve", "--keys", keys.toString(), "--inventory", inventory.toString(),
                "--data-dir", dataDir.resolve("data").toString(), "--listen", "127.0.0.1:" + port));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("serve.log").toFile()).start();
    }

    @Test
    void noMetricsTurnsTheEndpointOff() throws Exception {
        Process serve = serve("--no-metrics");
        try {
            Await.until("the server to answer /healthz", Duration.ofSeconds(30), () -> healthy(port));
            // Without metrics, GET /metrics is one more request to the API: refused as one, no figures.
            assertThat(text(port, "/metrics")).contains("\"RequestId\"").doesNotContain("sessionconsole_");
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            serve.destroyForcibly();
        }
        assertThat(Files.readString(dataDir.resolve("serve.log"))).doesNotContain("metrics: /metrics")
                .contains("Stopped: ");
    }

    @Test
    void sigtermStopsTheServerCleanlyWithEveryKillAudited() throws Exception {
        Path data = dataDir.resolve("data");
        Process serve = serve();
        try {
            Await.until("the server to answer /healthz", Duration.ofSeconds(30), () -> healthy(port));
            Victim victim = work.idle(SHARD_A1);

            HttpProfile http = new HttpProfile();
            http.setEndpoint("127.0.0.1:" + port);
            http.setProtocol(HttpProfile.REQ_HTTP);
            CommonClient client = new CommonClient("dcdb", "2018-04-11", new Credential(SECRET_ID, SECRET_KEY),
                    "ap-guangzhou", new ClientProfile(ClientProfile.SIGN_TC3_256, http));
            JsonNode answer = new ObjectMapper().readTree(client.call("KillSession", "{\"InstanceId\":\""
                    + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1 + "\",\"SessionId\":[" + victim.threadId() + "]}"));
            long taskId = answer.path("Response").path("TaskId").asLong();
            assertThat(taskId).isPositive();
            // serve wires its metrics to the service: the kill is counted where it happened.
            assertThat(text(port, "/metrics")).contains("sessionconsole_kill_sessions_total{outcome=\"killed\"} 1.0",
                    "sessionconsole_api_requests_total{action=\"KillSession\",code=\"Success\"} 1.0");

            serve.destroy(); // SIGTERM on Linux
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("the server stops within 20 s").isTrue();
        } finally {
            serve.destroyForcibly();
        }
        String log = Files.readString(dataDir.resolve("serve.log"));
        assertThat(log).contains("metrics: /metrics", "Stopped: every task's outcome is in the audit log.")
                .doesNotContain("Exception").doesNotContain(SECRET_KEY);
        List<String> audit = Files.readAllLines(data.resolve(FileAuditStore.FILE_NAME));
        assertThat(audit).anyMatch(line -> line.contains("\"type\":\"intent\"") && line.contains("api:" + SECRET_ID));
        assertThat(audit).anyMatch(line -> line.contains("\"type\":\"outcome\"") && line.contains("KILLED"));
        assertThat(String.join("\n", audit)).doesNotContain(SECRET_KEY);
    }

    private static String text(int port, String path) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        try (var body = connection.getInputStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean healthy(int port) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/healthz")
                    .toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(500);
            return connection.getResponseCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
