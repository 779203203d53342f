package com.sessionconsole.fleet.inventory;

import com.sessionconsole.fleet.InstanceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cloud entries of the inventory: an account that discovers, credentials, rate limits and tags. */
class CloudInventoryTest {
    @TempDir
    Path dir;

    private static final String ACCOUNT = String.join("\n",
            "instances:",
            "  - id: tencent-main",
            "    name: Tencent Cloud (main)",
            "    kind: dcdb-account",
            "    regions: [ap-guangzhou, ap-shanghai]",
            "    profile: ops",
            "    profileFile: PROFILE",
            "    filter:",
            "      instanceIds: [tdsqlshard-2gk4nxyz]",
            "      name: orders",
            "      tags:",
            "        team: payments",
            "    rateLimit: 10",
            "    rediscoverSeconds: 120",
            "  - id: tdsqlshard-typed01",
            "    kind: dcdb",
            "    region: ap-guangzhou",
            "    secretId: AKIDtyped0001",
            "    secretKey: typed-secret-key-0001",
            "    tags:",
            "      env: prod",
            "");

    private Path write(String name, String text) throws Exception {
        Path profile = dir.resolve("credentials");
        Files.writeString(profile, "[ops]\nsecret_id = AKIDprofile\nsecret_key = profile-key\n");
        Path file = dir.resolve(name);
        Files.writeString(file, text.replace("PROFILE", profile.toString()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private void refused(String text, String expected) throws Exception {
        Path file = write("bad.yaml", text);
        assertThatThrownBy(() -> InventoryLoader.load(file)).isInstanceOf(InventoryException.class)
                .hasMessage(expected.replace("FILE", file.toString()));
    }

    @Test
    void anAccountEntryReadsItsRegionsFilterProfileAndRates() throws Exception {
        Inventory inventory = InventoryLoader.load(write("cloud.yaml", ACCOUNT));

        InstanceConfig account = inventory.instances().get(0);
        assertThat(account.kind()).isEqualTo(InstanceKind.DCDB_ACCOUNT);
        assertThat(account.account().regions()).containsExactly("ap-guangzhou", "ap-shanghai");
        assertThat(account.region()).isEqualTo("ap-guangzhou");
        assertThat(account.account().filter()).isEqualTo(new DiscoveryFilter(List.of("tdsqlshard-2gk4nxyz"),
                "orders", Map.of("team", "payments")));
        assertThat(account.account().rediscover()).isEqualTo(Duration.ofSeconds(120));
        assertThat(account.dcdb().rateLimit()).isEqualTo(10);
        assertThat(account.dcdb().credentials()).isEqualTo(CloudCredentials.profile("ops",
                dir.resolve("credentials").toString()));
        InstanceConfig typed = inventory.instances().get(1);
        assertThat(typed.dcdb().credentials()).isEqualTo(CloudCredentials.of(Secret.plain("AKIDtyped0001"),
                Secret.plain("typed-secret-key-0001")));
        assertThat(typed.dcdb().rateLimit()).isEqualTo(DcdbEndpoint.DEFAULT_RATE_LIMIT);
        assertThat(typed.tags()).containsExactly(Map.entry("env", "prod"));
        assertThat(inventory.warnings()).isEmpty();
        assertThat(typed.dcdb().credentials().toString()).doesNotContain("typed-secret-key-0001");
    }

    @Test
    void everyCloudFieldIsWrittenBackAsItWasRead() throws Exception {
        Inventory inventory = InventoryLoader.load(write("cloud.yaml", ACCOUNT));
        Path copy = dir.resolve("copy/cloud.yaml");

        InventoryWriter.write(inventory, copy);

        assertThat(InventoryLoader.load(copy).instances()).isEqualTo(inventory.instances());
        // An account with the defaults writes none of them.
        Inventory plain = new Inventory(null, List.of(InstanceConfig.account("acct", null, new DcdbEndpoint(null, true,
                "ap-guangzhou", CloudCredentials.SDK_DEFAULT, null, 20), DcdbAccount.of(List.of("ap-guangzhou")))),
                List.of());
        String yaml = InventoryWriter.toYaml(plain);
        assertThat(yaml).doesNotContain("filter", "rateLimit", "rediscoverSeconds", "secret", "profile");
        assertThat(InventoryLoader.parse(copy, yaml).instances()).isEqualTo(plain.instances());
    }

    @Test
    void aTypedSecretKeyInAFileOthersCanReadGetsThePasswordsWarning() throws Exception {
        Path file = write("typed.yaml", ACCOUNT);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Inventory inventory = InventoryLoader.load(file);

        assertThat(inventory.warnings()).singleElement().asString().contains("chmod 600", "secret key")
                .doesNotContain("typed-secret-key-0001");
        // A SecretId alone is no secret: typed in with the key from a variable, no warning.
        Path idOnly = write("id.yaml", ACCOUNT.replace("secretKey: typed-secret-key-0001",
                "secretKeyEnv: ORDERS_DB_PASSWORD"));
        Files.setPosixFilePermissions(idOnly, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(InventoryLoader.load(idOnly).warnings()).isEmpty();
    }

    @Test
    void mistakesInCloudEntriesNameTheFileLineAndField() throws Exception {
        refused(ACCOUNT.replace("    regions: [ap-guangzhou, ap-shanghai]\n", ""),
                "FILE:2: instances[0].regions: required for an entry of kind dcdb-account (e.g. [ap-guangzhou])");
        refused(ACCOUNT.replace("ap-shanghai]", "Shanghai]"),
                "FILE:5: instances[0].regions: 'Shanghai' is not a region (e.g. ap-guangzhou)");
        refused(ACCOUNT.replace("    profile: ops\n", "    profile: ops\n    secretIdEnv: ORDERS_DB_PASSWORD\n"
                        + "    secretKeyEnv: ORDERS_DB_PASSWORD\n"),
                "FILE:6: instances[0].profile: give a profile or the SecretId and SecretKey, not both");
        refused(ACCOUNT.replace("      name: orders", "      nam: orders"),
                "FILE:10: instances[0].filter.nam: unknown field (expected one of instanceIds, name, tags)");
        refused(ACCOUNT.replace("instanceIds: [tdsqlshard-2gk4nxyz]", "instanceIds: [bad id]"),
                "FILE:9: instances[0].filter.instanceIds: 'bad id' is not an instance id (letters,"
                        + " digits, '-', '_', '.'; at most 64)");
        refused(ACCOUNT.replace("rateLimit: 10", "rateLimit: 0"),
                "FILE:13: instances[0].rateLimit: '0' is not a whole number from 1 to 10000");
        refused(ACCOUNT.replace("rediscoverSeconds: 120", "rediscoverSeconds: 1"),
                "FILE:14: instances[0].rediscoverSeconds: '1' is not a whole number from 5 to 86400");
        refused(ACCOUNT.replace("    secretKey: typed-secret-key-0001\n", ""),
                "FILE:15: instances[1].secretKey: give both the SecretId and the SecretKey, or neither (then"
                        + " TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY or the profile file)");
        refused(ACCOUNT.replace("kind: dcdb\n", "kind: dcdb\n    endpoint: https://example.test/\n"),
                "FILE:17: instances[1].endpoint: 'https://example.test/' is not host[:port] (no scheme, no path)");
        refused(ACCOUNT.replace("    region: ap-guangzhou\n", "    region: ap-guangzhou\n    filter: {}\n"),
                "FILE:18: instances[1].filter: unknown field (expected one of endpoint, id, kind, name, nodeId,"
                        + " profile, profileFile, protocol, rateLimit, region, secretId, secretIdEnv, secretIdFile,"
                        + " secretKey, secretKeyEnv, secretKeyFile, tags)");
    }
}
