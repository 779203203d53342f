package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionconsole.StandardBackends;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.testfleet.FleetTestSupport;
import com.tencentcloudapi.common.AbstractModel;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_B;

/**
 * A server on port 0 in front of the shared fleet, with three keys, and the official SDK as the client. The
 * rate limiter's ticker is a number the test moves, so "one second later" needs no sleep.
 */
public abstract class ApiTestSupport extends FleetTestSupport {
    protected static final String KILLER_ID = "AKIDkiller0001";
    protected static final String KILLER_KEY = "killer-secret-key-0123456789abcdef";
    protected static final String READER_ID = "AKIDreader0001";
    protected static final String READER_KEY = "reader-secret-key-0123456789abcdef";
    /** May kill, but only on instance B. */
    protected static final String NARROW_ID = "AKIDnarrow0001";
    protected static final String NARROW_KEY = "narrow-secret-key-0123456789abcdef";
    protected static final ObjectMapper JSON = new ObjectMapper();

    protected final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    protected ApiServer server;
    protected String endpoint;

    protected static ApiKeys keys() {
        return ApiKeys.of(List.of(new ApiKey(KILLER_ID, KILLER_KEY, ApiKey.Permission.KILL, Set.of()),
                new ApiKey(READER_ID, READER_KEY, ApiKey.Permission.READ_ONLY, Set.of()),
                new ApiKey(NARROW_ID, NARROW_KEY, ApiKey.Permission.KILL, Set.of(INSTANCE_B))));
    }

    @BeforeEach
    void startServer() throws Exception {
        server = ApiServer.start(service, keys(), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withTime(Clock.systemUTC(), ticker::get));
        endpoint = "127.0.0.1:" + server.address().getPort();
    }

    /** Stops the server and the service, and starts both again on {@code data}: an audit log the test made. */
    protected void restartOn(Path data) throws Exception {
        restartOn(fleet.inventory(), data);
    }

    /** The same on another inventory. */
    protected void restartOn(Inventory inventory, Path data) throws Exception {
        server.stop();
        service.close();
        service = KillSessionService.open(inventory, data, ServiceOptions.DEFAULT, StandardBackends.create());
        startServer();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    protected CommonClient sdk(String secretId, String secretKey) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(endpoint);
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setConnTimeout(5);
        http.setReadTimeout(20);
        return new CommonClient("dcdb", "2018-04-11", new Credential(secretId, secretKey), "ap-guangzhou",
                new ClientProfile(ClientProfile.SIGN_TC3_256, http));
    }

    protected CommonClient killer() {
        return sdk(KILLER_ID, KILLER_KEY);
    }

    /** The Response object of a successful call. */
    protected static JsonNode call(CommonClient client, String action, String body) throws Exception {
        return JSON.readTree(client.call(action, body)).path("Response");
    }

    /** The SDK's error of a call that must fail. */
    protected static TencentCloudSDKException failure(CommonClient client, String action, String body) {
        try {
            client.call(action, body);
        } catch (TencentCloudSDKException e) {
            return e;
        }
        throw new AssertionError(action + " " + body + " should have failed");
    }

    /** A typed request model, as the per-product SDK artifacts generate them: the SDK's v1 path needs one. */
    protected static final class KillSessionModel extends AbstractModel {
        private final String instanceId;
        private final String shardId;
        private final Long[] sessionIds;

        KillSessionModel(String instanceId, String shardId, Long... sessionIds) {
            this.instanceId = instanceId;
            this.shardId = shardId;
            this.sessionIds = sessionIds;
        }

        @Override
        protected void toMap(java.util.HashMap<String, String> map, String prefix) {
            setParamSimple(map, prefix + "InstanceId", instanceId);
            setParamSimple(map, prefix + "ShardId", shardId);
            setParamArraySimple(map, prefix + "SessionId.", sessionIds);
        }
    }
}
