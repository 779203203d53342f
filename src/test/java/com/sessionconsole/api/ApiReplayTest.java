package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/** A captured TC3 request sent again is refused; the SDK's own same-second calls with one body still pass. */
class ApiReplayTest extends ApiTestSupport {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anIdenticalSignedKillSessionSentAgainLaterIsRefusedAsAReplay() throws Exception {
        String body = "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1 + "\",\"SessionId\":[987650001]}";
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest captured = signed("KillSession", body, timestamp);

        assertThat(send(captured).path("TaskId").asLong()).isPositive();
        // Within the grace the same bytes pass: it is what two SDK calls with one body in one second look like.
        assertThat(send(captured).path("TaskId").asLong()).isPositive();
        long audited = Files.size(Path.of(service.auditLocation()));

        ticker.addAndGet(Duration.ofSeconds(3).toNanos());
        JsonNode replay = send(captured);

        assertThat(replay.path("Error").path("Code").asText()).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(replay.path("Error").path("Message").asText()).contains("replayed request", KILLER_ID);
        assertThat(replay.path("RequestId").asText()).hasSize(36);
        assertThat(Files.size(Path.of(service.auditLocation()))).isEqualTo(audited);
        // X-TC-Action is not signed by TC3: the captured signature under another action is the same replay.
        assertThat(send(signed("DescribeFlow", body, timestamp)).path("Error").path("Code").asText())
                .isEqualTo("AuthFailure.InvalidAuthorization");
        // The same kill signed anew (another second) is a new request.
        assertThat(send(signed("KillSession", body, timestamp + 1)).path("TaskId").asLong()).isPositive();
    }

    @Test
    void theSdkCallingWithOneBodyManyTimesASecondIsNotTakenForAReplay() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(call(killer(), "DescribeDCDBInstances", "{\"Limit\":5}").path("Instances").size()).isPositive();
        }
    }

    private HttpRequest signed(String action, String body, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String authorization = Tc3Signature.signPost(KILLER_ID, KILLER_KEY, endpoint, "dcdb", timestamp, JSON_TYPE, bytes);
        return HttpRequest.newBuilder(URI.create("http://" + endpoint + "/")).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", JSON_TYPE).header("Authorization", authorization)
                .header("X-TC-Action", action).header("X-TC-Version", "2018-04-11")
                .header("X-TC-Timestamp", Long.toString(timestamp)).build();
    }

    private JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("Response");
    }
}
