package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.killsession.audit.FileAuditStore;
import com.sessionconsole.testfleet.AuditLines;
import com.sessionconsole.testfleet.Await;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static org.assertj.core.api.Assertions.assertThat;

/** KillSession through the official SDK and through hand-built v1 GET URLs, against real victim sessions. */
class ApiKillTest extends ApiTestSupport {

    @Test
    void describeFlowFindsATaskInARotatedSegment() throws Exception {
        // Tasks 1-500 rotated into a segment, 501-1500 in the active file: beyond what the server keeps in memory.
        Path data = Files.createDirectories(dataDir.resolve("rotated"));
        Files.writeString(data.resolve("audit.0000000000000001.jsonl"), AuditLines.finished(1, 500));
        Files.writeString(data.resolve(FileAuditStore.FILE_NAME), AuditLines.finished(501, 1500));
        restartOn(data);

        JsonNode flow = call(killer(), "DescribeFlow", "{\"FlowId\":7}");
        assertThat(flow.path("Status").asInt()).isZero();
        assertThat(flow.path("Sessions").findValuesAsText("Outcome")).containsExactly("ALREADY_GONE");
        assertThat(failure(killer(), "DescribeFlow", "{\"FlowId\":1501}").getErrorCode())
                .isEqualTo("InvalidParameter.FlowNotFound");
    }

    @Test
    void theSdkKillsRealSessionsAndDescribeFlowReportsSuccess() throws Exception {
        Victim first = work.idle(SHARD_A1);
        Victim second = work.openTransaction(SHARD_A1, 41, 2);

        JsonNode killed = call(killer(), "KillSession", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\""
                + SHARD_A1 + "\",\"SessionId\":[" + first.threadId() + "," + second.threadId() + "]}");
        long taskId = killed.path("TaskId").asLong();
        assertThat(taskId).isPositive();
        assertThat(killed.path("RequestId").asText()).hasSize(36);

        JsonNode flow = call(killer(), "DescribeFlow", "{\"FlowId\":" + taskId + "}");
        assertThat(flow.path("Status").asInt()).isZero();
        assertThat(flow.path("Sessions").findValuesAsText("Outcome")).containsExactly("KILLED", "KILLED");
        Await.until("the killed sessions to leave the server", () -> !serverShows(SHARD_A1, first.threadId())
                && !serverShows(SHARD_A1, second.threadId()));
        assertThat(first.connectionAlive()).isFalse();

        // Same service, same TaskIds and audit log as the window and the command line, with the caller's SecretId.
        KillTask task = service.task(taskId).orElseThrow();
        assertThat(task.actor()).isEqualTo("api:" + KILLER_ID);
        String audit = Files.readString(Path.of(service.auditLocation()));
        assertThat(audit).contains("\"actor\":\"api:" + KILLER_ID + "\"").doesNotContain(KILLER_KEY, READER_KEY);
    }

    @Test
    void theSdksOwnV1PathWithATypedModelAndGetHmacSha256() throws Exception {
        Victim victim = work.idle(SHARD_A2);
        HttpProfile http = new HttpProfile();
        http.setEndpoint(endpoint);
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setReqMethod(HttpProfile.REQ_GET);
        ClientProfile profile = new ClientProfile(ClientProfile.SIGN_SHA256, http);
        CommonClient client = new CommonClient("dcdb", "2018-04-11", new Credential(KILLER_ID, KILLER_KEY),
                "ap-guangzhou", profile);

        JsonNode answer = JSON.readTree(client.commonRequest(new KillSessionModel(INSTANCE_A, SHARD_A2,
                victim.threadId()), "KillSession")).path("Response");

        assertThat(service.task(answer.path("TaskId").asLong()).orElseThrow().outcomes())
                .singleElement().satisfies(o -> assertThat(o.outcome().name()).isEqualTo("KILLED"));
        Await.until("the victim to leave", () -> !serverShows(SHARD_A2, victim.threadId()));
    }

    @Test
    void aGetUrlBuiltByHandLikeTheDocExampleWorksWithBothV1Methods() throws Exception {
        for (String method : new String[] {"HmacSHA1", "HmacSHA256"}) {
            Victim one = work.idle(SHARD_A1);
            Victim two = work.idle(SHARD_A1);
            TreeMap<String, String> params = new TreeMap<>();
            params.put("Action", "KillSession");
            params.put("Version", "2018-04-11");
            params.put("Region", "ap-guangzhou");
            params.put("InstanceId", INSTANCE_A);
            params.put("ShardId", SHARD_A1);
            params.put("SessionId.0", Long.toString(one.threadId()));
            params.put("SessionId.1", Long.toString(two.threadId()));
            params.put("Timestamp", Long.toString(System.currentTimeMillis() / 1000));
            params.put("Nonce", Integer.toString(ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)));
            params.put("SecretId", KILLER_ID);
            params.put("SignatureMethod", method);

            JsonNode answer = get(signedQuery(params, KILLER_KEY));

            assertThat(answer.has("Error")).as(answer.toString()).isFalse();
            assertThat(service.task(answer.path("TaskId").asLong()).orElseThrow().sessionIds())
                    .containsExactly(one.threadId(), two.threadId());
            Await.until("both victims to leave", () -> !serverShows(SHARD_A1, one.threadId())
                    && !serverShows(SHARD_A1, two.threadId()));
        }
    }

    @Test
    void aReplayedV1RequestIsRefused() throws Exception {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("Action", "DescribeFlow");
        params.put("Version", "2018-04-11");
        params.put("FlowId", "424242");
        params.put("Timestamp", Long.toString(System.currentTimeMillis() / 1000));
        params.put("Nonce", "777");
        params.put("SecretId", READER_ID);
        String query = signedQuery(params, READER_KEY);

        assertThat(get(query).path("Error").path("Code").asText()).isEqualTo("InvalidParameter.FlowNotFound");
        JsonNode replay = get(query);

        assertThat(replay.path("Error").path("Code").asText()).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(replay.path("Error").path("Message").asText()).contains("Nonce 777", "replayed");
    }

    @Test
    void theTwentyFirstKillSessionInOneSecondIsRefusedAndTheNextSecondPasses() throws Exception {
        String gone = "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1 + "\",\"SessionId\":[987654000]}";
        CommonClient client = killer();
        for (int i = 0; i < 20; i++) {
            assertThat(call(client, "KillSession", gone).path("TaskId").asLong()).isPositive();
        }

        assertThat(failure(client, "KillSession", gone).getErrorCode()).isEqualTo("RequestLimitExceeded");
        // Another action and another SecretId have buckets of their own.
        assertThat(call(client, "DescribeFlow", "{\"FlowId\":1}").path("Status").asInt()).isZero();

        ticker.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(call(client, "KillSession", gone).path("TaskId").asLong()).isPositive();
    }

    @Test
    void aKillSessionRefusedForItsNodeIdIsAuditedAsRefused() throws Exception {
        var refused = failure(killer(), "KillSession", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\""
                + SHARD_A1 + "\",\"NodeId\":\"node-elsewhere-1\",\"SessionId\":[987650123]}");

        assertThat(refused.getErrorCode()).isEqualTo("InvalidParameter");
        assertThat(refused.getMessage()).contains("NodeId");
        JsonNode record = JSON.readTree(Files.readAllLines(Path.of(service.auditLocation())).stream()
                .filter(line -> line.contains("987650123")).reduce((a, b) -> b).orElseThrow());
        assertThat(record.path("type").asText()).isEqualTo("refused");
        assertThat(record.path("actor").asText()).isEqualTo("api:" + KILLER_ID);
        assertThat(record.path("code").asText()).isEqualTo("InvalidParameter");
        assertThat(record.path("message").asText()).contains("NodeId", "node-elsewhere-1");
        assertThat(record.path("shardId").asText()).isEqualTo(SHARD_A1);
    }

    @Test
    void aReadOnlyKeyMayDescribeButNotKill() throws Exception {
        Victim victim = work.idle(SHARD_A1);
        CommonClient reader = sdk(READER_ID, READER_KEY);

        var refused = failure(reader, "KillSession", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1
                + "\",\"SessionId\":[" + victim.threadId() + "]}");

        assertThat(refused.getErrorCode()).isEqualTo("UnauthorizedOperation.PermissionDenied");
        assertThat(refused.getRequestId()).hasSize(36);
        assertThat(victim.connectionAlive()).isTrue();
        assertThat(Files.readString(Path.of(service.auditLocation()))).contains("\"type\":\"refused\"", "api:" + READER_ID);
        JsonNode list = call(reader, "DescribeProcessList", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\""
                + SHARD_A1 + "\",\"Filters\":[{\"Name\":\"id\",\"Values\":[\"" + victim.threadId() + "\"]}]}");
        assertThat(list.path("ProcessList")).singleElement().satisfies(p -> {
            assertThat(p.path("Id").asLong()).isEqualTo(victim.threadId());
            assertThat(p.path("User").asText()).isEqualTo("app");
            assertThat(p.path("Command").asText()).isEqualTo("Sleep");
        });
    }

    private String signedQuery(TreeMap<String, String> params, String key) {
        String text = V1Signature.stringToSign("GET", endpoint, "/", params);
        String signature = V1Signature.sign(key, params.getOrDefault("SignatureMethod", "HmacSHA1"), text);
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> param : params.entrySet()) {
            query.append(param.getKey()).append('=').append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8))
                    .append('&');
        }
        return query.append("Signature=").append(URLEncoder.encode(signature, StandardCharsets.UTF_8)).toString();
    }

    private JsonNode get(String query) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + endpoint + "/?" + query)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("Response");
    }
}
