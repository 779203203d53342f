package com.sessionconsole.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The contract's answer, {@code {"Response":{...,"RequestId":"<uuid>"}}}, as the bytes that go on the wire. */
final class Envelope {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Envelope() {
    }

    static byte[] of(ObjectNode response, String requestId) throws JsonProcessingException {
        response.put("RequestId", requestId);
        return JSON.writeValueAsBytes(JsonNodeFactory.instance.objectNode().set("Response", response));
    }

    static byte[] error(String code, String message, String requestId) throws JsonProcessingException {
        return of(ApiDispatcher.error(JsonNodeFactory.instance.objectNode(), code, message), requestId);
    }

    /**
     * The InternalError answer when building the real one failed too (an Error thrown, the JSON writer broken):
     * fixed ASCII text around the RequestId, which is a UUID and needs no escaping.
     */
    static byte[] lastResort(String requestId) {
        return ("{\"Response\":{\"Error\":{\"Code\":\"" + ApiError.INTERNAL_ERROR + "\",\"Message\":\""
                + ApiDispatcher.internalMessage(requestId) + "\"},\"RequestId\":\"" + requestId + "\"}}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A fresh RequestId in the form the cloud uses (a version-4 UUID). It names an answer, it guards nothing,
     * so it comes from a fast per-thread generator rather than the shared SecureRandom behind UUID.randomUUID.
     */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
