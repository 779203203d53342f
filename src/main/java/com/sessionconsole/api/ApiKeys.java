package com.sessionconsole.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys the server accepts, by SecretId. */
public record ApiKeys(Map<String, ApiKey> bySecretId) {

    public ApiKeys {
        bySecretId = Map.copyOf(bySecretId);
    }

    public static ApiKeys of(List<ApiKey> keys) {
        Map<String, ApiKey> map = new LinkedHashMap<>();
        for (ApiKey key : keys) {
            if (map.put(key.secretId(), key) != null) {
                throw new IllegalArgumentException("secretId: duplicate SecretId '" + key.secretId() + "'");
            }
        }
        return new ApiKeys(map);
    }

    public Optional<ApiKey> find(String secretId) {
        return Optional.ofNullable(bySecretId.get(secretId));
    }

    public int size() {
        return bySecretId.size();
    }
}
