package com.sessionconsole.auditdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.StandardBackends;
import com.sessionconsole.StandardAuditStores;
import com.sessionconsole.api.ApiServer;
import com.sessionconsole.api.ApiServerOptions;
import com.sessionconsole.api.ApiTestSupport;
import com.sessionconsole.api.Tc3Signature;
import com.sessionconsole.api.V1Signature;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.inventory.AuditSettings;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Settings;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code serve} replicas on one database store, as behind a load balancer: one task history and TaskId
 * sequence, DescribeFlow answered by either, and a signed request used on one refused by the other.
 */
class ReplicasTest extends ApiTestSupport {
    /** The name both replicas are reached by, as behind one load balancer: it is signed with every request. */
    private static final String HOST = "api.replicas.test";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static AuditDatabaseFixture store;

    /** Replica B's clock, this far ahead of the real one: arrivals "later" without waiting. */
    private final AtomicLong shiftMillis = new AtomicLong();
    private KillSessionService serviceA;
    private KillSessionService serviceB;
    private ApiServer replicaA;
    private ApiServer replicaB;

    @BeforeAll
    static void startStore() throws Exception {
        store = AuditDatabaseFixture.start();
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void startReplicas() throws Exception {
        Inventory shared = new Inventory(null, fleet.inventory().instances(), List.of(), new Settings(
                new AuditSettings(AuditSettings.DEFAULT_SEGMENT_BYTES, AuditSettings.DEFAULT_KEEP_SEGMENTS,
                        store.newDatabase(true))));
        serviceA = KillSessionService.open(shared, dataDir.resolve("a"), ServiceOptions.DEFAULT,
                StandardBackends.create(), new StandardAuditStores());
        serviceB = KillSessionService.open(shared, dataDir.resolve("b"), ServiceOptions.DEFAULT,
                StandardBackends.create(), new StandardAuditStores());
        replicaA = ApiServer.start(serviceA, keys(), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0)));
        replicaB = ApiServer.start(serviceB, keys(), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withTime(new ShiftedClock(shiftMillis), System::nanoTime));
    }

    @AfterEach
    void stopReplicas() {
        replicaA.stop();
        replicaB.stop();
        serviceA.close();
        serviceB.close();
    }

    @Test
    void aTaskMadeOnOneReplicaIsFoundByDescribeFlowOnTheOtherAndTaskIdsNeverRepeat() throws Exception {
        Victim first = work.idle(SHARD_A1);
        Victim second = work.idle(SHARD_A1);
        endpoint = "127.0.0.1:" + replicaA.address().getPort();
        long onA = call(killer(), "KillSession", kill(first.threadId())).path("TaskId").asLong();
        endpoint = "127.0.0.1:" + replicaB.address().getPort();
        long onB = call(killer(), "KillSession", kill(second.threadId())).path("TaskId").asLong();

        assertThat(onB).isGreaterThan(onA);
        JsonNode flow = call(killer(), "DescribeFlow", "{\"FlowId\":" + onA + "}");
        assertThat(flow.path("Status").asInt()).isZero();
        assertThat(flow.path("Sessions")).singleElement().satisfies(session -> {
            assertThat(session.path("SessionId").asLong()).isEqualTo(first.threadId());
            assertThat(session.path("Outcome").asText()).isEqualTo("KILLED");
        });
        endpoint = "127.0.0.1:" + replicaA.address().getPort();
        assertThat(call(killer(), "DescribeFlow", "{\"FlowId\":" + onB + "}").path("Status").asInt()).isZero();
        assertThat(first.connectionAlive()).isFalse();
        assertThat(second.connectionAlive()).isFalse();
    }

    @Test
    void aTc3SignatureUsedOnOneReplicaIsRefusedByTheOtherAfterTheGrace() throws Exception {
        long timestamp = System.currentTimeMillis() / 1000;
        String captured = tc3("DescribeDCDBInstances", "{\"Limit\":5}", timestamp);
        assertThat(send(replicaA, captured).has("Error")).isFalse();

        // Behind a load balancer the SDK's same-second call with one body may reach the other replica: it passes.
        shiftMillis.set(-1_000);
        assertThat(send(replicaB, tc3("DescribeDCDBShards", "{\"InstanceId\":\"" + INSTANCE_A + "\"}", timestamp))
                .has("Error")).isFalse();

        // Seconds later, the captured bytes sent to the replica that never saw them are a replay all the same.
        shiftMillis.set(3_000);
        JsonNode replay = send(replicaB, captured);
        assertThat(replay.path("Error").path("Code").asText()).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(replay.path("Error").path("Message").asText()).contains("replayed request", KILLER_ID);
        // Refused once, refused again: the replica now knows when the request was first seen.
        assertThat(send(replicaB, captured).path("Error").path("Code").asText())
                .isEqualTo("AuthFailure.InvalidAuthorization");
        // Signed anew, the same call is a new request on either.
        assertThat(send(replicaB, tc3("DescribeDCDBInstances", "{\"Limit\":5}", timestamp + 1)).has("Error")).isFalse();
    }

    @Test
    void aV1NonceUsedOnOneReplicaIsRefusedByTheOther() throws Exception {
        TreeMap<String, String> params = new TreeMap<>(Map.of("Action", "DescribeDCDBInstances",
                "Version", "2018-04-11", "Region", "ap-guangzhou", "SecretId", KILLER_ID,
                "Timestamp", Long.toString(System.currentTimeMillis() / 1000), "Nonce", "424242",
                "SignatureMethod", "HmacSHA256"));
        String query = v1Query(params);
        assertThat(send(replicaA, get(query)).has("Error")).isFalse();

        JsonNode replay = send(replicaB, get(query));
        assertThat(replay.path("Error").path("Code").asText()).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(replay.path("Error").path("Message").asText()).contains("Nonce 424242 was already used");
        params.put("Nonce", "424243");
        assertThat(send(replicaB, get(v1Query(params))).has("Error")).isFalse();
    }

    private static String kill(long sessionId) {
        return "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1 + "\",\"SessionId\":[" + sessionId
                + "]}";
    }

    /** A TC3-signed POST, as raw HTTP, for the shared host name. */
    private static String tc3(String action, String body, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String authorization = Tc3Signature.signPost(KILLER_ID, KILLER_KEY, HOST, "dcdb", timestamp, JSON_TYPE, bytes);
        return "POST / HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Type: " + JSON_TYPE + "\r\nAuthorization: "
                + authorization + "\r\nX-TC-Action: " + action + "\r\nX-TC-Version: 2018-04-11\r\nX-TC-Timestamp: "
                + timestamp + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body;
    }

    private static String v1Query(TreeMap<String, String> params) {
        String text = V1Signature.stringToSign("GET", HOST, "/", params);
        String signature = V1Signature.sign(KILLER_KEY, params.get("SignatureMethod"), text);
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
        return query.append("Signature=").append(URLEncoder.encode(signature, StandardCharsets.UTF_8)).toString();
    }

    private static String get(String query) {
        return "GET /?" + query + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n";
    }

    /** Sends raw HTTP to one replica and gives the Response object of its answer. */
    private static JsonNode send(ApiServer replica, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(replica.address(), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 200");
            return JSON.readTree(text.substring(text.indexOf("\r\n\r\n") + 4)).path("Response");
        }
    }

    /** The system clock, shifted by a number the test sets. */
    private static final class ShiftedClock extends Clock {
        private final AtomicLong shiftMillis;

        ShiftedClock(AtomicLong shiftMillis) {
            this.shiftMillis = shiftMillis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + shiftMillis.get();
        }
    }
}
