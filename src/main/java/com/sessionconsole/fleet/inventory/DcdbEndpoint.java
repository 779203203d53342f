package com.sessionconsole.fleet.inventory;

import java.util.Objects;

/**
 * How to reach the dcdb API for an instance of kind {@code dcdb}.
 *
 * @param endpoint  host[:port], default {@code dcdb.tencentcloudapi.com}
 * @param https     true unless the inventory says {@code protocol: http}
 * @param secretId  where the SecretId comes from; {@link Secret#NONE} means the SDK's default chain
 *                  (environment variables, then the profile file)
 * @param secretKey where the SecretKey comes from
 * @param nodeId    the node to list and kill on; null for the shard's master
 */
public record DcdbEndpoint(String endpoint, boolean https, String region, Secret secretId, Secret secretKey,
                           String nodeId) {

    public static final String DEFAULT_ENDPOINT = "dcdb.tencentcloudapi.com";

    public DcdbEndpoint {
        endpoint = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint;
        Objects.requireNonNull(region, "region");
        secretId = secretId == null ? Secret.NONE : secretId;
        secretKey = secretKey == null ? Secret.NONE : secretKey;
    }
}
