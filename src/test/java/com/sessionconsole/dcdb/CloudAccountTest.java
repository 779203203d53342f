package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionconsole.demo.ScaleFleet;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.inventory.DcdbAccount;
import com.sessionconsole.fleet.inventory.DiscoveryFilter;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.KillRequest;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ProbeResult;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ShardSessions;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.CloudFleet;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An inventory entry for a Tencent Cloud account discovers every DCDB instance through DescribeDCDBInstances
 * (every page) against {@code serve}, with its filters, and sees instances come and go at its next discovery.
 */
class CloudAccountTest {
    private static final Caller OPERATOR = Caller.operator("test");
    /** More than one page of DescribeDCDBInstances (100 a page). */
    private static final int INSTANCES = 105;

    @TempDir
    static Path shared;
    private static CloudFleet cloud;
    private static Inventory served;

    @TempDir
    Path dataDir;
    private final List<KillSessionService> consoles = new ArrayList<>();

    @BeforeAll
    static void serve() throws Exception {
        cloud = CloudFleet.start(shared, INSTANCES, 1);
        // Two instances carry the team tag that a filter looks for.
        List<InstanceConfig> tagged = new ArrayList<>();
        for (InstanceConfig config : cloud.served().inventory().instances()) {
            boolean payments = config.id().equals("tdsqlshard-scale0005") || config.id().equals("tdsqlshard-scale0007");
            tagged.add(payments ? config.withTags(Map.of("team", "payments")) : config.withTags(Map.of("team", "web")));
        }
        served = cloud.served().inventory().withInstances(tagged);
        cloud.served().replaceInventory(served);
    }

    @AfterAll
    static void stop() throws Exception {
        cloud.close();
    }

    @AfterEach
    void closeConsoles() {
        consoles.forEach(KillSessionService::close);
    }

    private KillSessionService console(DcdbBackends dcdb, InstanceConfig... entries) throws Exception {
        KillSessionService console = KillSessionService.open(CloudFleet.inventory(List.of(entries)),
                Files.createTempDirectory(dataDir, "console"), CloudFleet.PATIENT, dcdb);
        consoles.add(console);
        return console;
    }

    @Test
    void oneAccountDiscoversEveryInstanceOnEveryPageAndListsEveryShard() throws Exception {
        DcdbBackends dcdb = new DcdbBackends(CloudFleet.PATIENT_API);
        KillSessionService console = console(dcdb, cloud.accountEntry("tencent-test", DiscoveryFilter.NONE,
                DcdbAccount.DEFAULT_REDISCOVER));

        FleetSnapshot instances = console.instances(OPERATOR);

        assertThat(instances.instanceErrors()).isEmpty();
        assertThat(instances.instances()).hasSize(INSTANCES).allSatisfy(i -> {
            assertThat(i.kind()).isEqualTo(InstanceKind.DCDB);
            assertThat(i.region()).isEqualTo(CloudFleet.REGION);
            assertThat(i.shards()).hasSize(1);
        });
        assertThat(instances.instances()).extracting(Instance::id).doesNotHaveDuplicates()
                .contains("tdsqlshard-scale0001", "tdsqlshard-scale0105");
        assertThat(dcdb.sentCalls().get("DescribeDCDBInstances")).isEqualTo(2);

        FleetSnapshot sessions = console.listSessions(Scope.FLEET, OPERATOR);

        assertThat(sessions.shards()).hasSize(INSTANCES);
        assertThat(sessions.shards()).filteredOn(s -> !s.ok()).extracting(ShardSessions::error).isEmpty();
        // Within the discovery interval the instances are not asked for again.
        assertThat(dcdb.sentCalls().get("DescribeDCDBInstances")).isEqualTo(2);
        assertThat(console.inventory().instances()).singleElement().extracting(InstanceConfig::id)
                .isEqualTo("tencent-test");
    }

    @Test
    void theFilterTakesInstancesByIdNameOrTag() throws Exception {
        KillSessionService console = console(new DcdbBackends(CloudFleet.PATIENT_API));

        assertThat(console.probe(cloud.accountEntry("by-id", new DiscoveryFilter(List.of("tdsqlshard-scale0003",
                "tdsqlshard-scale0104"), null, Map.of()), DcdbAccount.DEFAULT_REDISCOVER)))
                .extracting(ProbeResult::target).containsExactly("tdsqlshard-scale0003", "tdsqlshard-scale0104");
        assertThat(console.probe(cloud.accountEntry("by-name", new DiscoveryFilter(List.of(), "SCALE0010", Map.of()),
                DcdbAccount.DEFAULT_REDISCOVER))).extracting(ProbeResult::target).containsExactly("tdsqlshard-scale0010");
        List<ProbeResult> byTag = console.probe(cloud.accountEntry("by-tag", new DiscoveryFilter(List.of(), null,
                Map.of("team", "payments")), DcdbAccount.DEFAULT_REDISCOVER));
        assertThat(byTag).extracting(ProbeResult::target).containsExactly("tdsqlshard-scale0005", "tdsqlshard-scale0007");
        assertThat(byTag).allSatisfy(r -> assertThat(r.summary()).contains(CloudFleet.REGION, "1 shard"));
        assertThat(console.probe(cloud.accountEntry("none", new DiscoveryFilter(List.of(), null,
                Map.of("team", "nobody")), DcdbAccount.DEFAULT_REDISCOVER))).singleElement()
                .satisfies(r -> assertThat(r.summary()).isEqualTo("found no DCDB instance in ap-guangzhou that passes"
                        + " the filter"));
    }

    @Test
    void serveAnswersTagsAndRefusesAMalformedTagFilter() throws Exception {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(cloud.endpoint());
        http.setProtocol(HttpProfile.REQ_HTTP);
        CommonClient sdk = new CommonClient("dcdb", "2018-04-11", new Credential(CloudFleet.SECRET_ID,
                CloudFleet.SECRET_KEY), CloudFleet.REGION, new ClientProfile(ClientProfile.SIGN_TC3_256, http));

        JsonNode answer = new ObjectMapper().readTree(sdk.call("DescribeDCDBInstances",
                "{\"Tags\":[{\"TagKey\":\"team\",\"TagValue\":\"payments\"}],\"TagKeys\":[\"team\"]}")).path("Response");

        assertThat(answer.path("TotalCount").asInt()).isEqualTo(2);
        assertThat(answer.path("Instances").get(0).path("ResourceTags").get(0).path("TagValue").asText())
                .isEqualTo("payments");
        assertThatThrownBy(() -> sdk.call("DescribeDCDBInstances", "{\"Tags\":[\"team\"]}"))
                .isInstanceOfSatisfying(TencentCloudSDKException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("InvalidParameter");
                    assertThat(e.getMessage()).contains("Tags.0");
                });
    }

    @Test
    void instancesCreatedOrRemovedShowAtTheNextDiscovery() throws Exception {
        KillSessionService console = console(new DcdbBackends(CloudFleet.PATIENT_API), cloud.accountEntry("often",
                new DiscoveryFilter(List.of(), "scale000", Map.of()), DcdbAccount.MIN_REDISCOVER));
        assertThat(console.instances(OPERATOR).instances()).hasSize(9);
        List<InstanceConfig> changed = new ArrayList<>(served.instances());
        changed.removeIf(c -> c.id().equals("tdsqlshard-scale0002"));
        try {
            cloud.served().replaceInventory(served.withInstances(changed));

            Await.until("the removed instance to leave", Duration.ofSeconds(60), () -> ids(console)
                    .equals(List.of("tdsqlshard-scale0001", "tdsqlshard-scale0003", "tdsqlshard-scale0004",
                            "tdsqlshard-scale0005", "tdsqlshard-scale0006", "tdsqlshard-scale0007",
                            "tdsqlshard-scale0008", "tdsqlshard-scale0009")));
        } finally {
            cloud.served().replaceInventory(served);
        }
        Await.until("the instance to come back", Duration.ofSeconds(60), () -> ids(console).size() == 9);
    }

    @Test
    void aKillOnADiscoveredInstanceGoesThroughTheAccountEvenBeforeAnyListing() throws Exception {
        ScaleFleet.Entry entry = cloud.scale().entries().get(11);
        try (Connection victim = cloud.scale().connect(entry)) {
            long threadId;
            try (var sql = victim.createStatement(); var rs = sql.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                threadId = rs.getLong(1);
            }
            // A console that has not listed yet (the command line's kill): the account discovers the instance.
            KillSessionService console = console(new DcdbBackends(CloudFleet.PATIENT_API), cloud.accountEntry("cli",
                    DiscoveryFilter.NONE, DcdbAccount.DEFAULT_REDISCOVER));

            KillTask task = console.kill(KillRequest.of(entry.instanceId(), entry.shardId(), List.of(threadId), null),
                    OPERATOR);

            assertThat(task.instanceId()).isEqualTo(entry.instanceId());
            assertThat(task.outcomes()).extracting(SessionOutcome::outcome).containsExactly(Outcome.KILLED);
            Await.until("the victim's connection to end", () -> {
                try {
                    return !victim.isValid(2);
                } catch (Exception e) {
                    return true;
                }
            });
            assertThatThrownBy(() -> console.kill(KillRequest.of("tdsqlshard-nowhere", "shard-nowhere", List.of(1L),
                    null), OPERATOR)).hasMessageContaining("no instance tdsqlshard-nowhere");
        }
    }

    private static List<String> ids(KillSessionService console) {
        return console.instances(OPERATOR).instances().stream().map(Instance::id).sorted().toList();
    }
}
