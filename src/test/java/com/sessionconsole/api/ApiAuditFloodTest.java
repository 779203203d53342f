package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack of the reliability issue, through the API as it was made: a read-only key sends KillSession with a
 * 60,000-character InstanceId as fast as a raised rate limit lets it. Every request is refused, and the audit
 * log grows by a few KB, not by each request in full.
 */
class ApiAuditFloodTest extends ApiTestSupport {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final int REQUESTS = 200;

    @Test
    void aReadOnlyKeyFloodingKillSessionWithAHugeInstanceIdGrowsTheAuditByAFewKb() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try (ApiServer fast = ApiServer.start(service, keys(), ApiServerOptions.defaults(
                new InetSocketAddress("127.0.0.1", 0)).withRateLimit(1000).withTime(Clock.systemUTC(), ticker::get))) {
            String host = "127.0.0.1:" + fast.address().getPort();
            Path audit = Path.of(service.auditLocation());
            long before = Files.exists(audit) ? Files.size(audit) : 0;
            String huge = "x".repeat(60_000);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                // Each request distinct (its SessionId), so none is a replay: every one reaches the permission check.
                String body = "{\"InstanceId\":\"" + huge + "\",\"SessionId\":[" + (i + 1) + "]}";
                answers.add(senders.submit(() -> send(http, host, body)));
            }
            int refused = 0;
            for (Future<JsonNode> answer : answers) {
                JsonNode error = answer.get().path("Error");
                assertThat(error.path("Code").asText()).isIn("UnauthorizedOperation.PermissionDenied",
                        "RequestLimitExceeded");
                assertThat(error.path("Message").asText()).hasSizeLessThan(1_000);
                refused++;
            }
            assertThat(refused).isEqualTo(REQUESTS);
            long grown = Files.size(audit) - before;
            assertThat(grown).as("audit bytes written for %d refused requests of 60 KB", REQUESTS)
                    .isLessThanOrEqualTo(4_096);
        } finally {
            senders.shutdownNow();
        }
    }

    private static JsonNode send(HttpClient http, String host, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        String authorization = Tc3Signature.signPost(READER_ID, READER_KEY, host, "dcdb", timestamp, JSON_TYPE, bytes);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", JSON_TYPE).header("Authorization", authorization)
                .header("X-TC-Action", "KillSession").header("X-TC-Version", "2018-04-11")
                .header("X-TC-Timestamp", Long.toString(timestamp)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("Response");
    }
}
