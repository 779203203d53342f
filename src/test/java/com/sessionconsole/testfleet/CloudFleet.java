package com.sessionconsole.testfleet;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.api.ApiKey;
import com.sessionconsole.api.ApiKeys;
import com.sessionconsole.api.ApiServer;
import com.sessionconsole.api.ApiServerOptions;
import com.sessionconsole.dcdb.DcdbTimeouts;
import com.sessionconsole.demo.ScaleFleet;
import com.sessionconsole.mysql.MysqlTimeouts;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.CloudCredentials;
import com.sessionconsole.fleet.inventory.DcdbAccount;
import com.sessionconsole.fleet.inventory.DcdbEndpoint;
import com.sessionconsole.fleet.inventory.DiscoveryFilter;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A Tencent Cloud-like fleet for tests and benchmarks: a {@link ScaleFleet} of shard entries over the shared
 * embedded servers, served by an in-process {@code serve} that keeps the contract's default limit (20 requests per
 * second per SecretId and action, on the real clock), and the inventory entries a console reaches it with through
 * the dcdb API and the official SDK.
 */
public final class CloudFleet implements AutoCloseable {
    public static final String REGION = "ap-guangzhou";
    public static final String SECRET_ID = "AKIDcloudfleet0001";
    public static final String SECRET_KEY = "cloud-fleet-secret-key-0123456789abc";
    /**
     * Outcomes, not speed, are tested: on a 2-core machine loaded by other builds one shard's first connection can
     * take seconds, so the served console and the consoles of the tests wait long for a shard.
     */
    public static final ServiceOptions PATIENT = ServiceOptions.DEFAULT.withShardTimeout(Duration.ofSeconds(60))
            .withKillTimeout(Duration.ofSeconds(60));
    /** The same for serve's reads of the shards. */
    public static final MysqlTimeouts PATIENT_SHARDS = new MysqlTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofSeconds(45));
    /** The same for the SDK's timeouts: a loaded machine's serve may take long to answer. */
    public static final DcdbTimeouts PATIENT_API = new DcdbTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofMillis(250), Duration.ofSeconds(60));

    private final ScaleFleet scale;
    private final KillSessionService served;
    private final ApiServer server;

    private CloudFleet(ScaleFleet scale, KillSessionService served, ApiServer server) {
        this.scale = scale;
        this.served = served;
        this.server = server;
    }

    /**
     * {@code shards} shard entries over the shared test fleet, {@code perInstance} to an instance (instances
     * {@code tdsqlshard-scale0001}, ...), in {@link #REGION}, served on a free loopback port.
     */
    public static CloudFleet start(Path dataDir, int shards, int perInstance) throws IOException {
        ScaleFleet scale = ScaleFleet.create(TestFleet.get(), shards, perInstance);
        KillSessionService served = KillSessionService.open(scale.inventory(REGION), dataDir.resolve("served"),
                PATIENT, new StandardBackends(PATIENT_SHARDS, DcdbTimeouts.DEFAULT));
        try {
            ApiServer server = ApiServer.start(served, ApiKeys.of(List.of(new ApiKey(SECRET_ID, SECRET_KEY,
                    ApiKey.Permission.KILL, Set.of()))), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0)));
            return new CloudFleet(scale, served, server);
        } catch (IOException | RuntimeException e) {
            served.close();
            throw e;
        }
    }

    public ScaleFleet scale() {
        return scale;
    }

    /** The service behind {@code serve}: a test changes the served instances through its inventory. */
    public KillSessionService served() {
        return served;
    }

    public String endpoint() {
        return "127.0.0.1:" + server.address().getPort();
    }

    /** The served instances' ids, in order. */
    public List<String> instanceIds() {
        return served.inventory().instances().stream().map(InstanceConfig::id).toList();
    }

    /** The API as a console's inventory reaches it: http, the test SecretId typed in, the default rate limit. */
    public DcdbEndpoint api() {
        return new DcdbEndpoint(endpoint(), false, REGION, CloudCredentials.of(Secret.plain(SECRET_ID),
                Secret.plain(SECRET_KEY)), null, DcdbEndpoint.DEFAULT_RATE_LIMIT);
    }

    /** An inventory entry of kind dcdb for one served instance. */
    public InstanceConfig instanceEntry(String instanceId) {
        return new InstanceConfig(instanceId, null, InstanceKind.DCDB, REGION, List.of(), api());
    }

    /** An inventory entry of kind dcdb-account that discovers the served instances. */
    public InstanceConfig accountEntry(String id, DiscoveryFilter filter, Duration rediscover) {
        return InstanceConfig.account(id, "test account", api(), new DcdbAccount(List.of(REGION), filter, rediscover));
    }

    /** A console's inventory holding these entries. */
    public static Inventory inventory(List<InstanceConfig> entries) {
        return new Inventory(null, entries, List.of());
    }

    @Override
    public void close() throws SQLException {
        server.stop();
        served.close();
        scale.drop();
    }
}
