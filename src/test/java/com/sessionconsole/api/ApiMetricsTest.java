package com.sessionconsole.api;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ServiceOptions;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics}: what serve did, counted where it happened, in the Prometheus text format. */
class ApiMetricsTest extends ApiTestSupport {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    private static final String DEAD_INSTANCE = "tdsqlshard-dead01";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void countsRequestsKillsShardReadsAndAuditWritesFromWhereTheyHappen() throws Exception {
        List<InstanceConfig> instances = new ArrayList<>(fleet.inventory().instances());
        ShardConfig dead = new ShardConfig("shard-dead01", "set_dead_1", "127.0.0.1", 1, "console", Secret.NONE);
        instances.add(new InstanceConfig(DEAD_INSTANCE, "dead", InstanceKind.MYSQL, "", List.of(dead), null));
        ApiMetrics metrics = new ApiMetrics();
        try (KillSessionService observed = KillSessionService.open(new Inventory(null, instances, List.of()),
                dataDir.resolve("observed"), ServiceOptions.DEFAULT.withObserver(metrics), StandardBackends.create());
             ApiServer observing = ApiServer.start(observed, keys(), ApiServerOptions.defaults(
                     new InetSocketAddress("127.0.0.1", 0)).withMetrics(metrics))) {
            endpoint = "127.0.0.1:" + observing.address().getPort();
            Victim victim = work.idle(SHARD_A1);

            call(killer(), "KillSession", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1
                    + "\",\"SessionId\":[" + victim.threadId() + "]}");
            TencentCloudSDKException denied = failure(sdk(READER_ID, READER_KEY), "KillSession", "{\"InstanceId\":\""
                    + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1 + "\",\"SessionId\":[1]}");
            TencentCloudSDKException unknown = failure(killer(), "NoSuchAction<script>", "{}");
            observed.listSessions(Scope.FLEET, OPERATOR); // every shard read once, the dead one failing

            HttpResponse<String> scrape = get(endpoint, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/plain; version=0.0.4"));
            Map<String, Double> samples = samples(scrape.body());

            assertThat(samples).containsEntry(
                    "sessionconsole_api_requests_total{action=\"KillSession\",code=\"Success\"}", 1.0);
            assertThat(samples).containsEntry("sessionconsole_api_requests_total{action=\"KillSession\",code=\""
                    + denied.getErrorCode() + "\"}", 1.0);
            // An action the server does not serve is counted under "other", never under the client's text.
            assertThat(samples).containsEntry("sessionconsole_api_requests_total{action=\"other\",code=\""
                    + unknown.getErrorCode() + "\"}", 1.0);
            assertThat(scrape.body()).doesNotContain("NoSuchAction", "script", "secret", "SELECT");
            assertThat(samples.get("sessionconsole_api_request_duration_seconds_count{action=\"KillSession\"}"))
                    .isEqualTo(2.0);

            assertThat(samples).containsEntry("sessionconsole_kill_tasks_total{status=\"success\"}", 1.0);
            assertThat(samples).containsEntry("sessionconsole_kill_sessions_total{outcome=\"killed\"}", 1.0);
            assertThat(samples.get("sessionconsole_audit_write_duration_seconds_count{kind=\"intent\"}"))
                    .isEqualTo(1.0);
            assertThat(samples.get("sessionconsole_audit_write_duration_seconds_count{kind=\"outcome\"}"))
                    .isEqualTo(1.0);
            assertThat(samples).doesNotContainKey("sessionconsole_audit_write_failures_total{kind=\"intent\"}");
            assertThat(samples).containsEntry("sessionconsole_audit_unrecorded_outcomes", 0.0);

            // The kill read its shard first; the listing read every shard, the dead one with an error.
            assertThat(samples.get("sessionconsole_shard_reads_total{instance=\"" + INSTANCE_A
                    + "\",result=\"ok\"}")).isGreaterThanOrEqualTo(3.0);
            assertThat(samples).containsEntry("sessionconsole_shard_reads_total{instance=\"" + DEAD_INSTANCE
                    + "\",result=\"error\"}", 1.0);
            assertThat(samples).containsKey("sessionconsole_api_requests_in_flight");

            // The scrape itself needs no signature and is not an API request.
            assertThat(samples(get(endpoint, "/metrics").body()).entrySet()).filteredOn(e ->
                    e.getKey().startsWith("sessionconsole_api_requests_total")).extracting(Map.Entry::getValue)
                    .containsOnly(1.0);
        }
    }

    @Test
    void offUnlessAsked() throws Exception {
        try (ApiServer plain = ApiServer.start(service, keys(), ApiServerOptions.defaults(
                new InetSocketAddress("127.0.0.1", 0)))) {
            HttpResponse<String> answer = get("127.0.0.1:" + plain.address().getPort(), "/metrics");
            assertThat(answer.body()).contains("\"Code\":\"InvalidRequest\"").doesNotContain("sessionconsole_");
        }
    }

    private HttpResponse<String> get(String endpoint, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Each sample line's name with its labels, and its value. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        Matcher line = SAMPLE.matcher(text);
        while (line.find()) {
            samples.put(line.group(1) + (line.group(2) == null ? "" : line.group(2)), Double.parseDouble(line.group(3)));
        }
        return samples;
    }
}
