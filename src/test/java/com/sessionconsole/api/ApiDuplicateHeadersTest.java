package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A header that decides how a request is authenticated or read, sent twice, leaves open which value the client
 * signed: the request is refused with AuthFailure.InvalidAuthorization naming the header, never served with
 * whichever value came first. (A second Host header is refused by the HTTP server itself: see
 * {@link ApiMalformedRequestTest}.)
 */
class ApiDuplicateHeadersTest extends ApiTestSupport {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String BODY = "{\"Limit\":1}";

    @Test
    void theSignedRequestAsSentIsServed() throws Exception {
        JsonNode answer = send(signed(), null, null);
        assertThat(answer.path("TotalCount").asInt()).isPositive();
    }

    @Test
    void aDuplicateOfAnyHeaderTheSignatureCoversIsRefused() throws Exception {
        Map<String, String> headers = signed();
        for (String name : new String[] {"Authorization", "X-TC-Action", "X-TC-Timestamp", "X-TC-Version",
                "Content-Type"}) {
            String second = name.equals("X-TC-Action") ? "KillSession" : headers.get(name);
            JsonNode answer = send(headers, name, second);
            assertThat(answer.path("Error").path("Code").asText()).as(name).isEqualTo("AuthFailure.InvalidAuthorization");
            assertThat(answer.path("Error").path("Message").asText()).contains("the header " + name + " is sent 2 times");
            assertThat(answer.path("RequestId").asText()).hasSize(36);
        }
    }

    @Test
    void aDuplicateOfAnExtraSignedHeaderIsRefusedToo() throws Exception {
        long timestamp = System.currentTimeMillis() / 1000;
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String canonicalHeaders = "content-type:" + JSON_TYPE + "\nhost:" + endpoint + "\nx-tc-purpose:audit\n";
        String signedHeaders = "content-type;host;x-tc-purpose";
        String date = Tc3Signature.date(timestamp);
        String signature = Tc3Signature.signature(KILLER_KEY, date, "dcdb", Tc3Signature.stringToSign(timestamp, date,
                "dcdb", Tc3Signature.canonicalRequest("POST", "", canonicalHeaders, signedHeaders, body)));
        Map<String, String> headers = base(timestamp);
        headers.put("Authorization", Tc3Signature.authorization(KILLER_ID, date, "dcdb", signedHeaders, signature));
        headers.put("X-TC-Purpose", "audit");

        assertThat(send(headers, null, null).path("TotalCount").asInt()).isPositive();
        JsonNode twice = send(headers, "X-TC-Purpose", "audit");
        assertThat(twice.path("Error").path("Code").asText()).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(twice.path("Error").path("Message").asText()).contains("x-tc-purpose");
    }

    private Map<String, String> signed() {
        long timestamp = System.currentTimeMillis() / 1000;
        Map<String, String> headers = base(timestamp);
        headers.put("Authorization", Tc3Signature.signPost(KILLER_ID, KILLER_KEY, endpoint, "dcdb", timestamp,
                JSON_TYPE, BODY.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private Map<String, String> base(long timestamp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", endpoint);
        headers.put("Content-Type", JSON_TYPE);
        headers.put("X-TC-Action", "DescribeDCDBInstances");
        headers.put("X-TC-Version", "2018-04-11");
        headers.put("X-TC-Timestamp", Long.toString(timestamp));
        return headers;
    }

    /** Sends the request raw (no client library would send a header twice), with one header added again. */
    private JsonNode send(Map<String, String> headers, String again, String value) throws Exception {
        StringBuilder request = new StringBuilder("POST / HTTP/1.1\r\n");
        headers.forEach((name, v) -> request.append(name).append(": ").append(v).append("\r\n"));
        if (again != null) {
            request.append(again).append(": ").append(value).append("\r\n");
        }
        request.append("Content-Length: ").append(BODY.length()).append("\r\nConnection: close\r\n\r\n").append(BODY);
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 200 ");
            return JSON.readTree(text.substring(text.indexOf("\r\n\r\n") + 4)).path("Response");
        }
    }
}
