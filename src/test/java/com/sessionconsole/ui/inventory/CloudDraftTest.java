package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.CloudCredentials;
import com.sessionconsole.fleet.inventory.DcdbAccount;
import com.sessionconsole.fleet.inventory.DcdbEndpoint;
import com.sessionconsole.fleet.inventory.DiscoveryFilter;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.ui.inventory.CloudDraft.CredentialSource;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.InstanceDraft;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory dialog edits cloud entries: a DCDB instance and a Tencent Cloud account, their endpoint, protocol,
 * region, credentials and discovery; a typed SecretKey follows the password rules. Plain JUnit, no toolkit.
 */
class CloudDraftTest {
    private static final Path FILE = Path.of("inv.yaml");

    private static final InstanceConfig ACCOUNT = InstanceConfig.account("tencent-main", "main account",
            new DcdbEndpoint("dcdb.tencentcloudapi.com", true, "ap-guangzhou", CloudCredentials.profile("ops",
                    "/etc/sc/credentials"), null, 15),
            new DcdbAccount(List.of("ap-guangzhou", "ap-shanghai"), new DiscoveryFilter(List.of("tdsqlshard-aaaa1111"),
                    "orders", Map.of("team", "payments")), Duration.ofSeconds(60)));
    private static final InstanceConfig INSTANCE = new InstanceConfig("tdsqlshard-bbbb2222", "billing", InstanceKind.DCDB,
            "ap-beijing", List.of(), new DcdbEndpoint("127.0.0.1:9443", false, "ap-beijing",
            CloudCredentials.of(Secret.env("SC_ID"), Secret.file("/run/secrets/sc_key")), "node-1", 20))
            .withTags(Map.of("env", "prod"));

    @Test
    void cloudEntriesAreEditableAndComeBackAsTheyWereIncludingWhatTheDialogDoesNotShow() {
        InventoryEditorViewModel editor = new InventoryEditorViewModel(new Inventory(FILE, List.of(ACCOUNT, INSTANCE),
                List.of()), FILE);
        InstanceDraft account = editor.instances().get(0);
        assertThat(account.kind.get()).isEqualTo(InstanceKind.DCDB_ACCOUNT);
        assertThat(account.region.get()).isEqualTo("ap-guangzhou");
        assertThat(account.cloud.moreRegions.get()).isEqualTo("ap-shanghai");
        assertThat(account.cloud.credentials.get()).isEqualTo(CredentialSource.PROFILE);
        assertThat(account.cloud.filterTags.get()).isEqualTo("team=payments");
        assertThat(account.toString()).isEqualTo("tencent-main  (dcdb-account)");

        assertThat(editor.toInventory().instances()).containsExactly(ACCOUNT, INSTANCE);

        account.cloud.protocol.set(CloudDraft.HTTP);
        account.cloud.endpoint.set("127.0.0.1:8443");
        account.region.set("ap-nanjing");
        account.cloud.moreRegions.set("ap-shanghai, ap-beijing");
        account.cloud.filterIds.set("");
        account.cloud.filterTags.set("team=web, env = prod");
        account.cloud.rediscoverSeconds.set("600");
        InstanceConfig edited = editor.toInventory().instances().get(0);
        assertThat(edited.dcdb().https()).isFalse();
        assertThat(edited.dcdb().endpoint()).isEqualTo("127.0.0.1:8443");
        assertThat(edited.dcdb().rateLimit()).isEqualTo(15);
        assertThat(edited.account().regions()).containsExactly("ap-nanjing", "ap-shanghai", "ap-beijing");
        assertThat(edited.account().filter()).isEqualTo(new DiscoveryFilter(List.of(), "orders",
                Map.of("team", "web", "env", "prod")));
        assertThat(edited.account().rediscover()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aNewAccountReadsTheSdksVariablesUntilToldOtherwise() {
        InventoryEditorViewModel editor = new InventoryEditorViewModel(Inventory.empty(FILE), FILE);
        InstanceDraft account = editor.addEntry(InstanceKind.DCDB_ACCOUNT);
        account.id.set("tencent-main");

        InstanceConfig config = editor.toInventory().instances().get(0);

        assertThat(config.kind()).isEqualTo(InstanceKind.DCDB_ACCOUNT);
        assertThat(config.account().regions()).containsExactly(Regions.DEFAULT);
        assertThat(config.dcdb().https()).isTrue();
        assertThat(config.dcdb().endpoint()).isEqualTo(DcdbEndpoint.DEFAULT_ENDPOINT);
        assertThat(config.dcdb().credentials()).isEqualTo(CloudCredentials.of(Secret.env("TENCENTCLOUD_SECRET_ID"),
                Secret.env("TENCENTCLOUD_SECRET_KEY")));
        assertThat(config.account().rediscover()).isEqualTo(DcdbAccount.DEFAULT_REDISCOVER);
        account.cloud.credentials.set(CredentialSource.SDK_DEFAULT);
        assertThat(editor.toInventory().instances().get(0).dcdb().credentials()).isEqualTo(CloudCredentials.SDK_DEFAULT);
    }

    @Test
    void aTypedSecretKeyIsSavedOnlyWhileItIsTheChosenSource() {
        InventoryEditorViewModel editor = new InventoryEditorViewModel(Inventory.empty(FILE), FILE);
        InstanceDraft account = editor.addEntry(InstanceKind.DCDB_ACCOUNT);
        account.id.set("tencent-main");
        CloudDraft cloud = account.cloud;
        cloud.secretId.source.set(Secret.Source.PLAIN);
        cloud.secretId.value.set("AKIDtyped0001");
        cloud.secretKey.source.set(Secret.Source.PLAIN);
        cloud.secretKey.value.set("typed-secret-key");
        Inventory typed = editor.toInventory();
        assertThat(InventoryWriter.toYaml(typed)).contains("typed-secret-key");
        assertThat(typed.toString()).doesNotContain("typed-secret-key");

        cloud.secretKey.source.set(Secret.Source.FILE);
        assertThat(cloud.secretKey.value.get()).isEmpty();
        assertThat(editor.toInventory()).isNull();
        assertThat(editor.problemProperty().get()).isEqualTo("account tencent-main: secretKey: name the file");
        cloud.secretKey.reference.set("/run/secrets/sc_key");
        assertThat(InventoryWriter.toYaml(editor.toInventory())).doesNotContain("typed-secret-key")
                .contains("/run/secrets/sc_key");

        cloud.secretKey.source.set(Secret.Source.PLAIN); // back to "typed in": nothing comes back
        assertThat(cloud.secretKey.value.get()).isEmpty();
        cloud.secretKey.value.set("typed-again");
        cloud.credentials.set(CredentialSource.PROFILE); // a profile holds both: the typed values go
        assertThat(cloud.secretKey.value.get()).isEmpty();
        assertThat(cloud.secretId.value.get()).isEmpty();
        assertThat(editor.toInventory().instances().get(0).dcdb().credentials())
                .isEqualTo(CloudCredentials.profile("default", null));
    }

    @Test
    void aWrongFieldIsNamedWithTheEntryItBelongsTo() {
        InventoryEditorViewModel editor = new InventoryEditorViewModel(Inventory.empty(FILE), FILE);
        InstanceDraft draft = editor.addEntry(InstanceKind.DCDB);
        draft.id.set("tdsqlshard-cccc3333");
        CloudDraft cloud = draft.cloud;

        assertThat(problem(editor, () -> draft.region.set(""))).isEqualTo("instance tdsqlshard-cccc3333: region: choose"
                + " a region (e.g. ap-guangzhou)");
        draft.region.set("ap-guangzhou");
        assertThat(problem(editor, () -> cloud.endpoint.set("https://dcdb.tencentcloudapi.com"))).contains("endpoint:");
        cloud.endpoint.set("");
        assertThat(problem(editor, () -> cloud.rateLimit.set("fast"))).contains("rateLimit: 'fast'");
        cloud.rateLimit.set("0");
        assertThat(problem(editor, () -> { })).contains("rateLimit: 0");
        cloud.rateLimit.set("20");
        assertThat(editor.toInventory()).isNotNull();

        draft.kind.set(InstanceKind.DCDB_ACCOUNT);
        draft.id.set("tencent-main");
        assertThat(problem(editor, () -> cloud.filterTags.set("team"))).isEqualTo("account tencent-main: tags: 'team'"
                + " is not key=value");
        cloud.filterTags.set("");
        assertThat(problem(editor, () -> cloud.rediscoverSeconds.set("1"))).contains("rediscoverSeconds: 1");
        cloud.rediscoverSeconds.set("300");
        assertThat(problem(editor, () -> cloud.moreRegions.set("Shanghai"))).contains("regions: 'Shanghai'");
        cloud.moreRegions.set("");
        assertThat(editor.toInventory()).isNotNull();
        assertThat(editor.problemProperty().get()).isEmpty();
    }

    private static String problem(InventoryEditorViewModel editor, Runnable change) {
        change.run();
        assertThat(editor.toInventory()).isNull();
        return editor.problemProperty().get();
    }
}
