package com.sessionconsole.api;

import com.sessionconsole.testfleet.Await;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** A saturated server answers every request: beyond its threads and queue, at once with RequestLimitExceeded. */
class ApiOverloadTest extends ApiTestSupport {

    @Test
    void beyondTheThreadAndTheQueueEveryRequestIsAnsweredBusyAndServedAgainOnceFree() throws Exception {
        try (ApiServer small = ApiServer.start(service, keys(), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withThreads(1).withQueue(1).withTime(Clock.systemUTC(), ticker::get))) {
            int port = small.address().getPort();
            endpoint = "127.0.0.1:" + port;
            // Half a request each: the first holds the one thread (it waits for the rest of the headers), the
            // second the one queue slot.
            try (Socket running = halfRequest(port); Socket waiting = halfRequest(port)) {
                Await.until("the thread and the queue slot to be taken", () -> small.admitted() == 2);

                for (int i = 0; i < 4; i++) {
                    var busy = failure(killer(), "DescribeDCDBInstances", "{}");
                    assertThat(busy.getErrorCode()).isEqualTo("RequestLimitExceeded");
                    assertThat(busy.getMessage()).contains("the server is busy", "2 requests");
                    assertThat(busy.getRequestId()).hasSize(36);
                }

                assertThat(finish(running)).contains("200", "ok");
                assertThat(finish(waiting)).contains("200", "ok");
            }
            Await.until("the pool to be free", () -> small.admitted() == 0);
            assertThat(call(killer(), "DescribeDCDBInstances", "{}").path("Instances").size()).isPositive();
        }
    }

    private static Socket halfRequest(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nConnection: close\r\nHost: 127.0.0.1:" + port
                + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Sends the end of the headers and reads the whole answer; the server then closes the connection. */
    private static String finish(Socket socket) throws IOException {
        socket.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        in.transferTo(answer);
        return answer.toString(StandardCharsets.US_ASCII);
    }
}
