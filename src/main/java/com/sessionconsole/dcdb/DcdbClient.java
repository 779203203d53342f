package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.inventory.DcdbEndpoint;
import com.sessionconsole.fleet.inventory.Secret;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.common.provider.EnvironmentVariableCredentialsProvider;
import com.tencentcloudapi.common.provider.ProfileCredentialsProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The dcdb 2018-04-11 API through the official SDK's {@link CommonClient} (TC3-HMAC-SHA256, POST JSON), at
 * Tencent Cloud or any other endpoint that speaks the contract, such as another Session Console. Every error
 * becomes a {@link BackendException} carrying the API's code, message and RequestId.
 */
final class DcdbClient {
    static final String SERVICE = "dcdb";
    static final String VERSION = "2018-04-11";
    static final int PAGE = 100;
    /** A guard against a server that never returns a short page: 1,000 pages of 100. */
    private static final int MAX_PAGES = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DcdbEndpoint endpoint;
    private final DcdbTimeouts timeouts;
    private volatile CommonClient client;

    DcdbClient(DcdbEndpoint endpoint, DcdbTimeouts timeouts) {
        this.endpoint = endpoint;
        this.timeouts = timeouts;
    }

    String endpointUrl() {
        return (endpoint.https() ? "https://" : "http://") + endpoint.endpoint();
    }

    /** One call; answers the {@code Response} object. */
    JsonNode call(String action, ObjectNode body) throws BackendException {
        String raw;
        try {
            raw = client().call(action, JSON.writeValueAsString(body));
        } catch (TencentCloudSDKException e) {
            String code = e.getErrorCode() == null || e.getErrorCode().isEmpty() ? null : e.getErrorCode();
            String requestId = e.getRequestId() == null || e.getRequestId().isEmpty() ? null : e.getRequestId();
            throw new BackendException(action + " at " + endpointUrl() + ": " + (code == null ? "" : code + ": ")
                    + e.getMessage() + (requestId == null ? "" : " (RequestId " + requestId + ")"), code, requestId, e);
        } catch (IOException e) {
            throw new BackendException(action + ": request could not be encoded: " + e.getMessage(), e);
        }
        try {
            return JSON.readTree(raw).path("Response");
        } catch (IOException e) {
            throw new BackendException(action + " at " + endpointUrl() + ": the answer is not JSON", e);
        }
    }

    /**
     * Every page of a listing: Offset 0, 100, 200, ... until a page is short or TotalCount is reached.
     *
     * @param body  the request without Offset and Limit
     * @param items the response's list field
     */
    List<JsonNode> all(String action, ObjectNode body, String items) throws BackendException {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode request = body.deepCopy();
            request.put("Offset", page * PAGE);
            request.put("Limit", PAGE);
            JsonNode response = call(action, request);
            JsonNode list = response.path(items);
            list.forEach(all::add);
            long total = response.path("TotalCount").asLong(-1);
            if (list.size() < PAGE || (total >= 0 && all.size() >= total)) {
                return all;
            }
        }
        throw new BackendException(action + " at " + endpointUrl() + ": more than " + MAX_PAGES * PAGE
                + " items; refusing to page further", null);
    }

    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    private CommonClient client() throws BackendException {
        CommonClient current = client;
        if (current == null) {
            HttpProfile http = new HttpProfile();
            http.setEndpoint(endpoint.endpoint());
            http.setProtocol(endpoint.https() ? HttpProfile.REQ_HTTPS : HttpProfile.REQ_HTTP);
            http.setReqMethod(HttpProfile.REQ_POST);
            http.setConnTimeout(DcdbTimeouts.seconds(timeouts.connect()));
            http.setReadTimeout(DcdbTimeouts.seconds(timeouts.read()));
            http.setWriteTimeout(DcdbTimeouts.seconds(timeouts.write()));
            ClientProfile profile = new ClientProfile(ClientProfile.SIGN_TC3_256, http);
            current = new CommonClient(SERVICE, VERSION, credential(), endpoint.region(), profile);
            client = current;
        }
        return current;
    }

    /** The inventory's references first, then the SDK's environment variables, then its profile file. */
    private Credential credential() throws BackendException {
        if (endpoint.secretId().source() != Secret.Source.NONE) {
            try {
                return new Credential(endpoint.secretId().resolve(), endpoint.secretKey().resolve());
            } catch (IllegalStateException e) {
                throw new BackendException(endpointUrl() + ": credentials: " + e.getMessage(), e);
            }
        }
        try {
            return new EnvironmentVariableCredentialsProvider().getCredentials();
        } catch (TencentCloudSDKException | RuntimeException e) {
            // not set: try the profile file
        }
        try {
            return new ProfileCredentialsProvider().getCredentials();
        } catch (TencentCloudSDKException | RuntimeException e) {
            throw new BackendException(endpointUrl() + ": no credentials: give secretIdEnv/secretKeyEnv (or"
                    + " ...File) in the inventory, or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or write"
                    + " ~/.tencentcloud/credentials", e);
        }
    }
}
