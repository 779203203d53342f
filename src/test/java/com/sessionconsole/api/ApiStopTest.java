package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.mysql.MysqlInstanceBackend;
import com.sessionconsole.mysql.MysqlTimeouts;
import com.sessionconsole.testfleet.FleetTestSupport;
import com.sessionconsole.testfleet.ForwardingBackend;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stop (what SIGTERM does through serve's shutdown hook) lets a KillSession in flight finish and be audited. */
class ApiStopTest extends FleetTestSupport {

    /** The real backend, with a pause inside the kill so the stop surely lands while it runs. */
    private static final class SlowKill extends ForwardingBackend {
        private final CountDownLatch entered;

        SlowKill(InstanceBackend real, CountDownLatch entered) {
            super(real);
            this.entered = entered;
        }

        @Override
        public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget) throws BackendException {
            entered.countDown();
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real.kill(shard, orders, budget);
        }
    }

    @Test
    void requestsInFlightFinishAndAreAuditedNewOnesAreNotAccepted() throws Exception {
        Victim victim = work.idle(SHARD_A1);
        CountDownLatch entered = new CountDownLatch(1);
        var lanes = Executors.newCachedThreadPool();
        try (KillSessionService slow = KillSessionService.open(fleet.inventory(), dataDir.resolve("slow"),
                ServiceOptions.DEFAULT, (config, connections) -> new SlowKill(new MysqlInstanceBackend(config,
                        MysqlTimeouts.DEFAULT, lanes, connections), entered))) {
            ApiServer server = ApiServer.start(slow, ApiTestSupport.keys(),
                    ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0)));
            int port = server.address().getPort();
            HttpProfile http = new HttpProfile();
            http.setEndpoint("127.0.0.1:" + port);
            http.setProtocol(HttpProfile.REQ_HTTP);
            CommonClient client = new CommonClient("dcdb", "2018-04-11", new Credential(ApiTestSupport.KILLER_ID,
                    ApiTestSupport.KILLER_KEY), "", new ClientProfile(ClientProfile.SIGN_TC3_256, http));
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.call("KillSession", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1
                            + "\",\"SessionId\":[" + victim.threadId() + "]}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

            server.stop();

            JsonNode response = ApiTestSupport.JSON.readTree(answer.get(10, TimeUnit.SECONDS)).path("Response");
            long taskId = response.path("TaskId").asLong();
            assertThat(slow.task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
            assertThat(victim.connectionAlive()).isFalse();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        } finally {
            lanes.shutdownNow();
        }
    }
}
