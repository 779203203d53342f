package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.StandardBackends;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.CloudCredentials;
import com.sessionconsole.fleet.inventory.DcdbAccount;
import com.sessionconsole.fleet.inventory.DcdbEndpoint;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.killsession.audit.FileAuditStore;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.INSTANCE_B;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/** Every error code of the contract that the server produces, each from a real request. */
class ApiErrorsTest extends ApiTestSupport {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String code(CommonClient client, String action, String body) {
        return failure(client, action, body).getErrorCode();
    }

    @Test
    void authenticationFailures() throws Exception {
        assertThat(code(sdk("AKIDnobody0001", KILLER_KEY), "DescribeFlow", "{\"FlowId\":1}"))
                .isEqualTo("AuthFailure.SecretIdNotFound");
        assertThat(code(sdk(KILLER_ID, "not-the-right-secret-key-000000"), "DescribeFlow", "{\"FlowId\":1}"))
                .isEqualTo("AuthFailure.SignatureFailure");
        long stale = System.currentTimeMillis() / 1000 - 301;
        assertThat(tc3("DescribeFlow", "{\"FlowId\":1}", JSON_TYPE, stale).path("Error").path("Code").asText())
                .isEqualTo("AuthFailure.SignatureExpire");
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/?Action=DescribeFlow"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(unsigned.body()).path("Response").path("Error").path("Code").asText())
                .isEqualTo("AuthFailure.InvalidAuthorization");
    }

    @Test
    void actionVersionAndParameterErrorsNameTheField() throws Exception {
        assertThat(code(killer(), "DropDatabase", "{}")).isEqualTo("InvalidAction");
        HttpProfile httpProfile = new HttpProfile();
        httpProfile.setEndpoint(endpoint);
        httpProfile.setProtocol(HttpProfile.REQ_HTTP);
        CommonClient oldVersion = new CommonClient("dcdb", "2017-03-20", new Credential(KILLER_ID, KILLER_KEY), "",
                new ClientProfile(ClientProfile.SIGN_TC3_256, httpProfile));
        assertThat(code(oldVersion, "DescribeFlow", "{\"FlowId\":1}")).isEqualTo("NoSuchVersion");

        var missing = failure(killer(), "KillSession", "{\"ShardId\":\"" + SHARD_A1 + "\",\"SessionId\":[5]}");
        assertThat(missing.getErrorCode()).isEqualTo("MissingParameter");
        assertThat(missing.getMessage()).contains("InstanceId");
        var invalid = failure(killer(), "KillSession", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\""
                + SHARD_A1 + "\",\"SessionId\":[-3]}");
        assertThat(invalid.getErrorCode()).isEqualTo("InvalidParameter");
        assertThat(invalid.getMessage()).contains("SessionId");
        var limit = failure(killer(), "DescribeProcessList", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\""
                + SHARD_A1 + "\",\"Limit\":101}");
        assertThat(limit.getErrorCode()).isEqualTo("InvalidParameter");
        assertThat(limit.getMessage()).contains("Limit");
        assertThat(code(killer(), "DescribeFlow", "{\"FlowId\":1,\"Flowid\":2}")).isEqualTo("UnknownParameter");
        assertThat(code(killer(), "KillSession", "{\"InstanceId\":\"tdsqlshard-nothere\",\"ShardId\":\"" + SHARD_A1
                + "\",\"SessionId\":[5]}")).isEqualTo("InvalidParameter.InstanceNotFound");
        assertThat(code(killer(), "DescribeFlow", "{\"FlowId\":99999999}")).isEqualTo("InvalidParameter.FlowNotFound");
        assertThat(code(sdk(NARROW_ID, NARROW_KEY), "DescribeDCDBShards", "{\"InstanceId\":\"" + INSTANCE_A + "\"}"))
                .isEqualTo("UnauthorizedOperation.PermissionDenied");
        assertThat(call(sdk(NARROW_ID, NARROW_KEY), "DescribeDCDBInstances", "{}").path("Instances")
                .findValuesAsText("InstanceId")).containsExactly(INSTANCE_B);
    }

    @Test
    void anAccountWhoseDiscoveryFailsIsNotListedAsAnInstance() throws Exception {
        // An account entry whose API does not answer (nothing listens on port 1): its discovery fails.
        DcdbEndpoint nowhere = new DcdbEndpoint("127.0.0.1:1", false, "ap-guangzhou", CloudCredentials.of(
                Secret.plain("AKIDnowhere"), Secret.plain("nowhere-key")), null, DcdbEndpoint.DEFAULT_RATE_LIMIT);
        List<InstanceConfig> entries = new ArrayList<>(fleet.inventory().instances());
        entries.add(InstanceConfig.account("tencent-broken", "broken account", nowhere, new DcdbAccount(
                List.of("ap-guangzhou"), null, null)));
        restartOn(fleet.inventory().withInstances(entries), java.nio.file.Files.createDirectories(
                dataDir.resolve("broken")));

        JsonNode answer = call(sdk(READER_ID, READER_KEY), "DescribeDCDBInstances", "{\"Limit\":100}");
        assertThat(answer.path("Instances").findValuesAsText("InstanceId")).contains(INSTANCE_B)
                .doesNotContain("tencent-broken");
    }

    @Test
    void refusedBodiesAndContentTypes() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        // Eight times the limit: answered before the client had sent it all, the answer would be lost to a reset.
        String big = "{\"FlowId\":1,\"Pad\":\"" + "x".repeat(8 * ApiServerOptions.DEFAULT_MAX_BODY) + "\"}";
        JsonNode tooLarge = tc3("DescribeFlow", big, JSON_TYPE, now);
        assertThat(tooLarge.path("Error").path("Code").asText()).isEqualTo("InvalidRequest");
        assertThat(tooLarge.path("Error").path("Message").asText()).contains("larger than");
        assertThat(tooLarge.path("RequestId").asText()).hasSize(36);

        assertThat(tc3("DescribeFlow", "{\"FlowId\":1", JSON_TYPE, now).path("Error").path("Code").asText())
                .isEqualTo("InvalidParameterValue");
        assertThat(tc3("DescribeFlow", "FlowId=1", "text/plain", now).path("Error").path("Code").asText())
                .isEqualTo("UnsupportedProtocol");
    }

    @Test
    void anUnreachableShardAndABrokenAuditLog() throws Exception {
        ShardConfig dead = new ShardConfig("shard-dead01", "set_dead_1", "127.0.0.1", 1, "console", Secret.NONE);
        Inventory inventory = new Inventory(null, List.of(new InstanceConfig("tdsqlshard-dead01", "dead",
                InstanceKind.MYSQL, "", List.of(dead), null)), List.of());
        FileAuditStore audit = FileAuditStore.open(dataDir.resolve("broken"));
        try (KillSessionService broken = KillSessionService.open(inventory, audit, ServiceOptions.DEFAULT,
                StandardBackends.create());
             ApiServer other = ApiServer.start(broken, keys(), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0)))) {
            endpoint = "127.0.0.1:" + other.address().getPort();
            String kill = "{\"InstanceId\":\"tdsqlshard-dead01\",\"ShardId\":\"shard-dead01\",\"SessionId\":[7]}";

            var unreachable = failure(killer(), "KillSession", kill);
            assertThat(unreachable.getErrorCode()).isEqualTo("FailedOperation.OssOperationFailed");
            assertThat(unreachable.getMessage()).contains("shard-dead01");

            audit.close();
            var internal = failure(killer(), "KillSession", kill);
            assertThat(internal.getErrorCode()).isEqualTo("InternalError.OperateDatabaseFailed");
            assertThat(internal.getMessage()).doesNotContain("\tat ", "Exception", "com.sessionconsole.");
            assertThat(internal.getMessage()).contains("nothing was killed").doesNotContain(dataDir.toString());
        }
    }

    @Test
    void healthNeedsNoSignature() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/healthz"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
    }

    /** A TC3 POST signed by hand, so the test controls timestamp, content type and body. */
    private JsonNode tc3(String action, String body, String contentType, long timestamp) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String authorization = Tc3Signature.signPost(KILLER_ID, KILLER_KEY, endpoint, "dcdb", timestamp,
                contentType, bytes);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Map.Entry<String, String> header : Map.of("Content-Type", contentType, "Authorization", authorization,
                "X-TC-Action", action, "X-TC-Version", "2018-04-11", "X-TC-Timestamp", Long.toString(timestamp)).entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("Response");
    }
}
