package com.sessionconsole.api;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.mysql.MysqlInstanceBackend;
import com.sessionconsole.mysql.MysqlTimeouts;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.ForwardingBackend;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A saturated server answers every request: beyond its workers and queue, or beyond the room for request bodies,
 * at once with RequestLimitExceeded, while /healthz (which needs no worker) still answers.
 */
class ApiOverloadTest extends ApiTestSupport {
    private static final String LISTING = "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1 + "\"}";
    private final AtomicInteger polls = new AtomicInteger();

    /** The real backend whose shard reads wait until the test lets them go. */
    private static final class HeldReads extends ForwardingBackend {
        private final CountDownLatch release;
        private final AtomicInteger entered;

        HeldReads(InstanceBackend real, CountDownLatch release, AtomicInteger entered) {
            super(real);
            this.release = release;
            this.entered = entered;
        }

        @Override
        public List<Session> sessions(Shard shard) throws BackendException {
            entered.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real.sessions(shard);
        }
    }

    @Test
    void beyondTheWorkerAndTheQueueEveryRequestIsAnsweredBusyAndServedAgainOnceFree() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        ExecutorService lanes = Executors.newCachedThreadPool();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        ServiceOptions patient = ServiceOptions.DEFAULT.withShardTimeout(Duration.ofSeconds(30));
        try (KillSessionService held = KillSessionService.open(fleet.inventory(), dataDir.resolve("held"), patient,
                (config, connections) -> new HeldReads(new MysqlInstanceBackend(config, MysqlTimeouts.DEFAULT, lanes,
                        connections), release, entered));
             ApiServer small = ApiServer.start(held, keys(), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0))
                     .withThreads(1).withQueue(1).withTime(Clock.systemUTC(), ticker::get))) {
            endpoint = "127.0.0.1:" + small.address().getPort();
            // Two listings of a shard whose read waits: the first holds the one worker, the second the queue slot.
            CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> listing(killer()), clients);
            Await.until("the worker to wait on the shard", () -> entered.get() == 1);
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> listing(killer()), clients);
            Await.until("the worker and the queue slot to be taken", () -> small.admitted() == 2);

            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                var busy = failure(killer(), "DescribeDCDBInstances", "{}");
                assertThat(busy.getErrorCode()).isEqualTo("RequestLimitExceeded");
                assertThat(busy.getMessage()).contains("the server is busy", "2 requests");
                assertThat(busy.getRequestId()).hasSize(36);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + endpoint + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("ok\n");

            release.countDown();
            assertThat(running.get(20, TimeUnit.SECONDS)).contains("ProcessList");
            assertThat(waiting.get(20, TimeUnit.SECONDS)).contains("ProcessList");
            Await.until("the workers to be free", () -> small.admitted() == 0);
            assertThat(call(killer(), "DescribeDCDBInstances", "{}").path("Instances").size()).isPositive();
        } finally {
            release.countDown();
            clients.shutdownNow();
            lanes.shutdownNow();
        }
    }

    @Test
    void bodiesBeingReceivedHaveABoundAndPastItARequestIsAnsweredBusy() throws Exception {
        int port = server.address().getPort();
        List<Socket> large = new ArrayList<>();
        try {
            // Bodies of the largest size, announced and never sent: 256 of them take all the room there is for
            // bodies, whichever come first; the rest are refused.
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + ApiServerOptions.DEFAULT_MAX_BODY + "\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                large.add(socket);
            }
            // What the last poll was answered, in the failure's text: once in a full run the room never ran out
            // within the wait, and the answer that came instead was not known.
            String[] last = {""};
            try {
                Await.until("a request to find no room for its body", () -> (last[0] = failureMessage()).contains(
                        "KiB of request bodies"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the last poll was answered: "
                        + (last[0].isEmpty() ? "(served)" : last[0]), e);
            }
            var busy = failure(killer(), "DescribeDCDBInstances", "{}");
            assertThat(busy.getErrorCode()).isEqualTo("RequestLimitExceeded");
            assertThat(busy.getMessage()).contains("the server is busy", "KiB of request bodies");
        } finally {
            for (Socket socket : large) {
                socket.close();
            }
        }
        Await.until("the room to be given back", () -> failureMessage().isEmpty());
    }

    /**
     * The error message of a DescribeDCDBInstances, or "" when it is served. Each call is a new request (its own
     * Offset) a second after the last, so that polling meets neither the replay check nor the rate limit.
     */
    private String failureMessage() {
        ticker.addAndGet(Duration.ofSeconds(1).toNanos());
        try {
            killer().call("DescribeDCDBInstances", "{\"Offset\":" + polls.incrementAndGet() + "}");
            return "";
        } catch (TencentCloudSDKException e) {
            return e.getMessage();
        }
    }

    private static String listing(CommonClient client) {
        try {
            return client.call("DescribeProcessList", LISTING);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
