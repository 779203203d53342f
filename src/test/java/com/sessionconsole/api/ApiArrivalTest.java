package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request arrives with its first byte, as Jetty reads it on {@link System#nanoTime()}, not when its last byte
 * comes or a thread takes it up. Seen through the TC3 replay check, whose 2 s grace for a repeated signature
 * runs from the first arrival (on the server's ticker, which the test moves by hand).
 */
class ApiArrivalTest extends ApiTestSupport {
    private static final String BODY = "{\"Limit\":1}";
    private static final Duration TRICKLE = Duration.ofMillis(1_500);

    @Test
    void theReplayGraceRunsFromTheRequestsFirstByte() throws Exception {
        byte[] request = signed(System.currentTimeMillis() / 1000);
        assertThat(send(request, TRICKLE).path("TotalCount").asInt()).isPositive();

        ticker.addAndGet(Duration.ofSeconds(1).toNanos()); // 1 s after the answer, 2.5 s after the first byte
        JsonNode again = send(request, Duration.ZERO);

        assertThat(again.path("Error").path("Code").asText()).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(again.path("Error").path("Message").asText()).contains("replayed request");
    }

    @Test
    void aRequestSentAtOnceIsRepeatedWithinTheGrace() throws Exception {
        byte[] request = signed(System.currentTimeMillis() / 1000 - 1);
        assertThat(send(request, Duration.ZERO).path("TotalCount").asInt()).isPositive();

        ticker.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(send(request, Duration.ZERO).path("TotalCount").asInt()).isPositive();
    }

    private byte[] signed(long timestamp) {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String contentType = "application/json; charset=utf-8";
        return ("POST / HTTP/1.1\r\nHost: " + endpoint + "\r\nContent-Type: " + contentType + "\r\nAuthorization: "
                + Tc3Signature.signPost(KILLER_ID, KILLER_KEY, endpoint, "dcdb", timestamp, contentType, body)
                + "\r\nX-TC-Action: DescribeDCDBInstances\r\nX-TC-Version: 2018-04-11\r\nX-TC-Timestamp: " + timestamp
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + BODY)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Sends the request's first 16 bytes, waits {@code trickle}, sends the rest and reads the answer. */
    private JsonNode send(byte[] request, Duration trickle) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request, 0, 16);
            out.flush();
            Thread.sleep(trickle.toMillis());
            out.write(request, 16, request.length - 16);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            return JSON.readTree(text.substring(text.indexOf("\r\n\r\n") + 4)).path("Response");
        }
    }
}
