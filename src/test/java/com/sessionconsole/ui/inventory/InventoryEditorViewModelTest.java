package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.fleet.inventory.TlsMode;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.InstanceDraft;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.ShardDraft;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The inventory dialog's drafts: the typed password and the variable/file reference never mix. Plain JUnit. */
class InventoryEditorViewModelTest {
    private static final Path FILE = Path.of("inv.yaml");

    private static ShardDraft validShard(InstanceDraft instance) {
        instance.id.set("tdsqlshard-new1");
        ShardDraft shard = instance.shards.get(0);
        shard.shardId.set("shard-new1s1");
        shard.shardSerialId.set("set_1_1");
        shard.user.set("console");
        return shard;
    }

    @Test
    void switchingFromPasswordToEnvDropsTheTypedPasswordAndSavesOnlyTheVariableName() {
        InventoryEditorViewModel editor = new InventoryEditorViewModel(Inventory.empty(null), FILE);
        ShardDraft shard = validShard(editor.addInstance());
        shard.password.set("s3cret");

        shard.passwordSource.set(Secret.Source.ENV);
        assertThat(shard.passwordReference.get()).isEmpty();
        assertThat(shard.password.get()).isEmpty();
        assertThat(editor.toInventory()).isNull();
        assertThat(editor.problemProperty().get()).contains("environment variable").doesNotContain("s3cret");

        shard.passwordReference.set("DB_PASS");
        Inventory inventory = editor.toInventory();
        assertThat(inventory).isNotNull();
        Secret secret = inventory.instances().get(0).shards().get(0).password();
        assertThat(secret).isEqualTo(Secret.env("DB_PASS"));
        assertThat(InventoryWriter.toYaml(inventory)).doesNotContain("s3cret").contains("DB_PASS");
        assertThat(inventory.toString()).doesNotContain("s3cret");
        assertThat(editor.problemProperty().get()).isEmpty();

        shard.passwordSource.set(Secret.Source.PLAIN); // back to "password": nothing comes back
        assertThat(shard.password.get()).isEmpty();
    }

    @Test
    void switchingToAFileOrNoPasswordAlsoDropsTheTypedPassword() {
        InventoryEditorViewModel editor = new InventoryEditorViewModel(Inventory.empty(null), FILE);
        ShardDraft shard = validShard(editor.addInstance());
        shard.password.set("s3cret");
        shard.passwordSource.set(Secret.Source.FILE);
        assertThat(shard.password.get()).isEmpty();
        shard.passwordReference.set("/etc/console/db.pass");
        assertThat(editor.toInventory().instances().get(0).shards().get(0).password())
                .isEqualTo(Secret.file("/etc/console/db.pass"));

        shard.passwordSource.set(Secret.Source.PLAIN);
        shard.password.set("s3cret");
        shard.passwordSource.set(Secret.Source.NONE);
        assertThat(shard.password.get()).isEmpty();
        assertThat(editor.toInventory().instances().get(0).shards().get(0).password()).isEqualTo(Secret.NONE);
    }

    @Test
    void aLoadedShardKeepsTheValueAndTheReferenceApartAndAReferenceNeverBecomesThePassword() {
        InstanceConfig config = new InstanceConfig("tdsqlshard-a", "orders", InstanceKind.MYSQL, "local", List.of(
                new ShardConfig("shard-a1", "set_1_1", "127.0.0.1", 3306, "console", Secret.plain("s3cret")),
                new ShardConfig("shard-a2", "set_1_2", "127.0.0.1", 3307, "console", Secret.env("DB_PASS"))), null);
        InventoryEditorViewModel editor = new InventoryEditorViewModel(new Inventory(FILE, List.of(config), List.of()), FILE);
        ShardDraft plain = editor.instances().get(0).shards.get(0);
        ShardDraft env = editor.instances().get(0).shards.get(1);

        assertThat(plain.password.get()).isEqualTo("s3cret");
        assertThat(plain.passwordReference.get()).isEmpty();
        assertThat(env.password.get()).isEmpty();
        assertThat(env.passwordReference.get()).isEqualTo("DB_PASS");

        plain.passwordSource.set(Secret.Source.ENV);
        assertThat(plain.password.get()).isEmpty();
        assertThat(plain.passwordReference.get()).isEmpty();

        env.passwordSource.set(Secret.Source.PLAIN);
        assertThat(env.password.get()).isEmpty();
        assertThat(env.passwordReference.get()).isEqualTo("DB_PASS"); // stays a name, never the value
        env.password.set("other");
        assertThat(editor.toInventory()).isNull(); // shard-a1 now names no variable
        assertThat(editor.problemProperty().get()).contains("shard-a1").contains("environment variable");
        plain.passwordReference.set("A1_PASS");
        Inventory inventory = editor.toInventory();
        assertThat(inventory.instances().get(0).shards()).extracting(ShardConfig::password)
                .containsExactly(Secret.env("A1_PASS"), Secret.plain("other"));
        assertThat(InventoryWriter.toYaml(inventory)).doesNotContain("s3cret");
    }

    @Test
    void aShardsTlsModeSurvivesTheEditorAndCanBeChangedThere() {
        InstanceConfig config = new InstanceConfig("tdsqlshard-a", "orders", InstanceKind.MYSQL, "local", List.of(
                new ShardConfig("shard-a1", "set_1_1", "127.0.0.1", 3306, "console", Secret.NONE, TlsMode.DISABLED),
                new ShardConfig("shard-a2", "set_1_2", "127.0.0.1", 3307, "console", Secret.NONE)), null);
        InventoryEditorViewModel editor = new InventoryEditorViewModel(new Inventory(FILE, List.of(config), List.of()), FILE);
        editor.instances().get(0).shards.get(1).tls.set(TlsMode.REQUIRED);

        assertThat(editor.toInventory().instances().get(0).shards()).extracting(ShardConfig::tls)
                .containsExactly(TlsMode.DISABLED, TlsMode.REQUIRED);
        // A shard added next takes its neighbour's mode, as it takes its host and user.
        assertThat(editor.addShard(editor.instances().get(0)).tls.get()).isEqualTo(TlsMode.REQUIRED);
    }

    @Test
    void anEntryTurnedIntoACloudOneIsNotSavedWhileItWouldDropItsShards() {
        InstanceConfig config = new InstanceConfig("tdsqlshard-a", "orders", InstanceKind.MYSQL, "local", List.of(
                new ShardConfig("shard-a1", "set_1_1", "127.0.0.1", 3306, "console", Secret.NONE)), null);
        InventoryEditorViewModel editor = new InventoryEditorViewModel(new Inventory(FILE, List.of(config), List.of()), FILE);
        editor.instances().get(0).kind.set(InstanceKind.DCDB);

        assertThat(editor.toInventory()).isNull();
        assertThat(editor.problemProperty().get()).contains("tdsqlshard-a").contains("1 shard(s) would be lost");
    }

    @Test
    void theInventoryEditorNamesTheFieldThatIsWrong() {
        InventoryEditorViewModel editor = new InventoryEditorViewModel(Inventory.empty(null), FILE);
        InstanceDraft draft = editor.addInstance();
        draft.id.set("tdsqlshard-new1");
        ShardDraft shard = draft.shards.get(0);
        shard.shardId.set("shard-new1s1");
        shard.shardSerialId.set("set_1_1");
        shard.user.set("console");
        shard.port.set("33o6");

        assertThat(editor.toInventory()).isNull();
        assertThat(editor.problemProperty().get()).contains("tdsqlshard-new1").contains("port");

        shard.port.set("3306");
        shard.shardSerialId.set("oops");
        assertThat(editor.toInventory()).isNull();
        assertThat(editor.problemProperty().get()).contains("shardSerialId");

        shard.shardSerialId.set("set_1_1");
        assertThat(editor.toInventory().instances()).hasSize(1);
        assertThat(editor.problemProperty().get()).isEmpty();
    }
}
