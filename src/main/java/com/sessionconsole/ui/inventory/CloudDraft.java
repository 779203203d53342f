package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.CloudCredentials;
import com.sessionconsole.fleet.inventory.DcdbAccount;
import com.sessionconsole.fleet.inventory.DcdbEndpoint;
import com.sessionconsole.fleet.inventory.DiscoveryFilter;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Secret;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Tencent Cloud part of an instance or account entry being edited: endpoint, protocol, credentials, rate limit,
 * and for an account its further regions, filter and discovery interval. What the dialog does not show (a DCDB
 * instance's node, the entry's tags) is kept from the loaded entry.
 */
final class CloudDraft {

    /** Where the SecretId and SecretKey come from, as the dialog offers it. */
    enum CredentialSource {
        KEYS("SecretId and SecretKey"),
        PROFILE("A profile of the SDK's credentials file"),
        SDK_DEFAULT("The SDK's default (TENCENTCLOUD_SECRET_ID / _KEY, then ~/.tencentcloud/credentials)");

        private final String label;

        CredentialSource(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final String HTTPS = "https";
    static final String HTTP = "http";

    final StringProperty endpoint = new SimpleStringProperty(DcdbEndpoint.DEFAULT_ENDPOINT);
    final StringProperty protocol = new SimpleStringProperty(HTTPS);
    final StringProperty rateLimit = new SimpleStringProperty(String.valueOf(DcdbEndpoint.DEFAULT_RATE_LIMIT));
    final ObjectProperty<CredentialSource> credentials = new SimpleObjectProperty<>(CredentialSource.KEYS);
    final SecretDraft secretId = new SecretDraft(Secret.Source.ENV);
    final SecretDraft secretKey = new SecretDraft(Secret.Source.ENV);
    final StringProperty profile = new SimpleStringProperty("default");
    final StringProperty profileFile = new SimpleStringProperty("");
    /** An account's regions after the first, comma-separated. */
    final StringProperty moreRegions = new SimpleStringProperty("");
    final StringProperty filterIds = new SimpleStringProperty("");
    final StringProperty filterName = new SimpleStringProperty("");
    /** {@code key=value}, comma-separated. */
    final StringProperty filterTags = new SimpleStringProperty("");
    final StringProperty rediscoverSeconds = new SimpleStringProperty(
            String.valueOf(DcdbAccount.DEFAULT_REDISCOVER.toSeconds()));
    private String nodeId;
    private Map<String, String> tags = Map.of();

    CloudDraft() {
        secretId.reference.set("TENCENTCLOUD_SECRET_ID");
        secretKey.reference.set("TENCENTCLOUD_SECRET_KEY");
        // A typed SecretKey goes with a typed SecretId: leaving "SecretId and SecretKey" drops both values.
        credentials.addListener((obs, was, now) -> {
            if (now != CredentialSource.KEYS) {
                secretId.value.set("");
                secretKey.value.set("");
            }
        });
    }

    static CloudDraft of(InstanceConfig config) {
        CloudDraft draft = new CloudDraft();
        DcdbEndpoint api = config.dcdb();
        draft.endpoint.set(api.endpoint());
        draft.protocol.set(api.https() ? HTTPS : HTTP);
        draft.rateLimit.set(String.valueOf(api.rateLimit()));
        CloudCredentials given = api.credentials();
        if (given.profile() != null) {
            draft.credentials.set(CredentialSource.PROFILE);
            draft.profile.set(given.profile());
            draft.profileFile.set(given.profileFile() == null ? "" : given.profileFile());
        } else if (given.sdkDefault()) {
            draft.credentials.set(CredentialSource.SDK_DEFAULT);
        } else {
            draft.secretId.load(given.secretId());
            draft.secretKey.load(given.secretKey());
        }
        draft.nodeId = api.nodeId();
        draft.tags = config.tags();
        DcdbAccount account = config.account();
        if (account != null) {
            draft.moreRegions.set(String.join(", ", account.regions().subList(1, account.regions().size())));
            DiscoveryFilter filter = account.filter();
            draft.filterIds.set(String.join(", ", filter.instanceIds()));
            draft.filterName.set(filter.name() == null ? "" : filter.name());
            List<String> pairs = new ArrayList<>();
            filter.tags().forEach((key, value) -> pairs.add(key + "=" + value));
            draft.filterTags.set(String.join(", ", pairs));
            draft.rediscoverSeconds.set(String.valueOf(account.rediscover().toSeconds()));
        }
        return draft;
    }

    /** The entry as the inventory keeps it; a wrong field throws, its message naming the field. */
    InstanceConfig toConfig(String id, String name, InstanceKind kind, String region) {
        if (!DcdbAccount.isRegion(region)) {
            throw new IllegalArgumentException("region: choose a region (e.g. ap-guangzhou)");
        }
        DcdbEndpoint api = new DcdbEndpoint(text(endpoint), !HTTP.equals(protocol.get()), region, credentials(), nodeId,
                number(rateLimit, "rateLimit"));
        if (kind == InstanceKind.DCDB) {
            return new InstanceConfig(id, name, kind, region, List.of(), api, null, tags);
        }
        List<String> regions = new ArrayList<>(List.of(region));
        regions.addAll(list(moreRegions));
        DcdbAccount account = new DcdbAccount(regions, new DiscoveryFilter(list(filterIds), text(filterName),
                tags(filterTags)), Duration.ofSeconds(number(rediscoverSeconds, "rediscoverSeconds")));
        return InstanceConfig.account(id, name, api, account).withTags(tags);
    }

    private CloudCredentials credentials() {
        CredentialSource source = credentials.get();
        if (source == CredentialSource.PROFILE) {
            String named = text(profile);
            if (named.isEmpty()) {
                throw new IllegalArgumentException("profile: name the profile (e.g. default)");
            }
            return CloudCredentials.profile(named, text(profileFile));
        }
        if (source == CredentialSource.SDK_DEFAULT || source == null) {
            return CloudCredentials.SDK_DEFAULT;
        }
        return CloudCredentials.of(secretId.toSecret("secretId"), secretKey.toSecret("secretKey"));
    }

    private static String text(StringProperty property) {
        return property.get() == null ? "" : property.get().strip();
    }

    private static int number(StringProperty property, String field) {
        try {
            return Integer.parseInt(text(property));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + property.get() + "' is not a whole number");
        }
    }

    private static List<String> list(StringProperty property) {
        return Arrays.stream(text(property).split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> tags(StringProperty property) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : text(property).split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("tags: '" + pair.strip() + "' is not key=value");
            }
            parsed.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return parsed;
    }
}
