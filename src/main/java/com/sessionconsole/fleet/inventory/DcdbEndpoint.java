package com.sessionconsole.fleet.inventory;

import java.util.Objects;

/**
 * How to reach the dcdb API for an instance of kind {@code dcdb} or an account of kind {@code dcdb-account}.
 *
 * @param endpoint    host[:port], default {@code dcdb.tencentcloudapi.com}
 * @param https       true unless the inventory says {@code protocol: http}
 * @param region      the API region (an account's first region)
 * @param credentials where the SecretId and SecretKey come from
 * @param nodeId      the node to list and kill on; null for the shard's master
 * @param rateLimit   requests per second the account may make of each action (the contract's 20 by default);
 *                    every instance of one SecretId shares them
 */
public record DcdbEndpoint(String endpoint, boolean https, String region, CloudCredentials credentials,
                           String nodeId, int rateLimit) {

    public static final String DEFAULT_ENDPOINT = "dcdb.tencentcloudapi.com";
    public static final int DEFAULT_RATE_LIMIT = 20;
    public static final int MAX_RATE_LIMIT = 10_000;

    public DcdbEndpoint {
        endpoint = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip();
        if (!endpoint.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("endpoint: '" + endpoint + "' is not host[:port] (no scheme, no path)");
        }
        Objects.requireNonNull(region, "region");
        credentials = credentials == null ? CloudCredentials.SDK_DEFAULT : credentials;
        nodeId = nodeId == null || nodeId.isBlank() ? null : nodeId;
        if (rateLimit < 1 || rateLimit > MAX_RATE_LIMIT) {
            throw new IllegalArgumentException("rateLimit: " + rateLimit + " is not a rate (1 to " + MAX_RATE_LIMIT
                    + " requests per second)");
        }
    }

    /** An endpoint with the default rate limit, no node and the given secrets. */
    public DcdbEndpoint(String endpoint, boolean https, String region, Secret secretId, Secret secretKey,
                        String nodeId) {
        this(endpoint, https, region, CloudCredentials.of(secretId, secretKey), nodeId, DEFAULT_RATE_LIMIT);
    }

    /** The same endpoint in another region (an account's instances, region by region). */
    public DcdbEndpoint inRegion(String other) {
        return new DcdbEndpoint(endpoint, https, other, credentials, nodeId, rateLimit);
    }
}
