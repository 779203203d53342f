package com.sessionconsole.api;

import com.sessionconsole.testfleet.Await;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and idle clients cost the server sockets, never its answers: with hundreds of connections that trickle a
 * request in and thousands that send nothing, a signed call through the official SDK is answered within a second,
 * every time; the trickling ones are cut off once their request is overdue, and the idle ones once idle too long.
 */
class ApiSlowClientsTest extends ApiTestSupport {
    private static final int IDLE = 2_000;
    private static final int SLOW = 500;
    private static final Duration HOLD = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void slowAndIdleConnectionsDelayNoAnswer() throws Exception {
        // Each connection takes a file on both ends here (client and server share this JVM): stay under the limit.
        long limit = ConnectionLimits.openFileLimit();
        double scale = limit <= 0 ? 1 : Math.min(1, (limit - 1_000) / (2.0 * (IDLE + SLOW)));
        int idle = (int) (IDLE * scale);
        int slow = (int) (SLOW * scale);
        if (scale < 1) {
            System.out.printf("open-file limit %d: %d idle and %d slow connections instead of %d and %d%n", limit,
                    idle, slow, IDLE, SLOW);
        }
        try (ApiServer crowded = ApiServer.start(service, keys(), ApiServerOptions.defaults(
                new InetSocketAddress("127.0.0.1", 0))
                .withConnections(new ConnectionLimits(ConnectionLimits.DEFAULT_MAX_CONNECTIONS, HOLD.plusSeconds(10),
                        REQUEST_TIMEOUT)));
             SlowClients crowd = SlowClients.start(crowded.address(), idle, slow)) {
            endpoint = "127.0.0.1:" + crowded.address().getPort();
            Await.until("the crowd to connect", Duration.ofSeconds(30), () -> crowd.connected() >= idle + slow);

            List<Long> millis = new ArrayList<>();
            long end = System.nanoTime() + HOLD.toNanos();
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                assertThat(call(killer(), "DescribeDCDBInstances", "{\"Limit\":1}").path("TotalCount").asInt())
                        .isPositive();
                millis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(health(crowded.address().getPort())).endsWith("ok\n");
                Thread.sleep(200);
            }

            assertThat(millis).hasSizeGreaterThan(40).allMatch(ms -> ms < 1_000);
            // Every trickling connection was cut off about when its request was due, and opened again.
            assertThat(crowd.slowLifetimesMillis).hasSizeGreaterThanOrEqualTo(slow)
                    .allMatch(ms -> ms >= REQUEST_TIMEOUT.toMillis() - 100 && ms < REQUEST_TIMEOUT.toMillis() + 3_000);
            assertThat(crowd.idleLifetimesMillis).isEmpty();
            assertThat(crowd.connected()).isGreaterThan((idle + slow) * 9 / 10);
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.printf("%d signed calls beside %d idle and %d slow connections: median %d ms, slowest %d ms"
                    + " (the first, %d ms, loads the SDK); %d slow connections cut off%n", millis.size(), idle, slow,
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), millis.get(0),
                    crowd.slowLifetimesMillis.size());
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (ApiServer strict = ApiServer.start(service, keys(), ApiServerOptions.defaults(
                new InetSocketAddress("127.0.0.1", 0)).withConnections(new ConnectionLimits(100,
                Duration.ofMillis(500), Duration.ofSeconds(5))));
             Socket idle = new Socket("127.0.0.1", strict.address().getPort())) {
            idle.setSoTimeout(5_000);
            long start = System.nanoTime();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400),
                    Duration.ofSeconds(3));
        }
    }

    private static String health(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }
}
