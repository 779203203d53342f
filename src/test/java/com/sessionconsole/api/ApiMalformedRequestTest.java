package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the HTTP server itself refuses, sent byte for byte on a raw socket: each is answered with the
 * contract's JSON envelope and a RequestId, never an HTML page, a stack trace or a Java class name.
 */
class ApiMalformedRequestTest extends ApiTestSupport {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void aContentLengthOverTwoToTheSixtyThree() throws Exception {
        refused(exchange(post("Content-Length: 9223372036854775808\r\n", "{}")), 400);
    }

    @Test
    void contentLengthTogetherWithTransferEncoding() throws Exception {
        refused(exchange(post("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n")), 400);
    }

    @Test
    void aBadPercentEscapeInTheQuery() throws Exception {
        String answer = exchange("GET /?Action=DescribeFlow&Nonce=%zz HTTP/1.1\r\nHost: " + endpoint + "\r\n\r\n");
        JsonNode envelope = envelope(answer);
        assertThat(envelope.path("Error").path("Code").asText()).isEqualTo("InvalidRequest");
    }

    @Test
    void tlsBytesOnThePlainPort() throws Exception {
        // The start of a TLS 1.2 ClientHello record.
        byte[] hello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03, 0x00, 0x01};
        refused(send(hello), 400);
    }

    @Test
    void aBadRequestLine() throws Exception {
        refused(exchange("GET / HTTP/1.1 extra\r\nHost: " + endpoint + "\r\n\r\n"), 400);
        refused(exchange("THIS IS NOT HTTP\r\n\r\n"), 400);
    }

    @Test
    void headersTooLarge() throws Exception {
        refused(exchange("GET / HTTP/1.1\r\nHost: " + endpoint + "\r\nX-Pad: " + "a".repeat(20_000) + "\r\n\r\n"), 431);
    }

    @Test
    void aDuplicateHostHeader() throws Exception {
        JsonNode answer = refused(exchange("GET / HTTP/1.1\r\nHost: " + endpoint + "\r\nHost: other\r\n\r\n"), 400);
        assertThat(answer.path("Error").path("Message").asText()).contains("Host");
    }

    @Test
    void aBodyOverTheLimitStillInFlightGetsItsAnswerNotAReset() throws Exception {
        int length = 4 * ApiServerOptions.DEFAULT_MAX_BODY;
        byte[] head = post("Content-Length: " + length + "\r\n", "").getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(head);
            socket.getOutputStream().write(new byte[length / 2]);
            Thread.sleep(300); // an answer sent now, with half the body unread, would be lost to the reset
            socket.getOutputStream().write(new byte[length - length / 2]);
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(refused(answer, 200).path("Error").path("Message").asText()).contains("larger than");
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithItsAnswer() throws Exception {
        int size = ApiServerOptions.DEFAULT_MAX_BODY + 100;
        String answer = exchange(post("Transfer-Encoding: chunked\r\n", Integer.toHexString(size) + "\r\n"
                + "x".repeat(size) + "\r\n0\r\n\r\n"));
        assertThat(refused(answer, 200).path("Error").path("Message").asText()).contains("larger than");
    }

    @Test
    void aClientWaitingForContinueIsRefusedBeforeItSendsTheBody() throws Exception {
        String answer = exchange(post("Content-Length: " + 2 * ApiServerOptions.DEFAULT_MAX_BODY
                + "\r\nExpect: 100-continue\r\n", ""));
        assertThat(answer).doesNotContain("100 Continue");
        assertThat(refused(answer, 200).path("Error").path("Message").asText()).contains("larger than");
    }

    private String post(String headers, String body) {
        return "POST / HTTP/1.1\r\nHost: " + endpoint + "\r\nContent-Type: application/json\r\n" + headers + "\r\n" + body;
    }

    /** The answer must be the envelope with InvalidRequest, under the given status. */
    private JsonNode refused(String answer, int status) throws Exception {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        JsonNode envelope = envelope(answer);
        assertThat(envelope.path("Error").path("Code").asText()).isEqualTo("InvalidRequest");
        return envelope;
    }

    private static JsonNode envelope(String answer) throws Exception {
        assertThat(answer).containsIgnoringCase("Content-Type: application/json")
                .doesNotContainIgnoringCase("<html").doesNotContain("Exception", "org.eclipse", "java.", "\tat ");
        JsonNode response = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("Response");
        assertThat(response.path("RequestId").asText()).matches(UUID);
        assertThat(response.path("Error").path("Message").asText()).isNotBlank();
        return response;
    }

    private String exchange(String request) throws Exception {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String send(byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (SocketTimeoutException e) {
                // a kept-alive connection: what came is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
