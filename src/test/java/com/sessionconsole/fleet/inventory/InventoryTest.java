package com.sessionconsole.fleet.inventory;

import com.sessionconsole.fleet.InstanceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryTest {
    @TempDir
    Path dir;

    private static final String GOOD = String.join("\n",
            "instances:",
            "  - id: tdsqlshard-orders01",
            "    name: orders",
            "    kind: mysql",
            "    region: dc-east",
            "    shards:",
            "      - shardId: shard-orders1a",
            "        shardSerialId: set_1700000001_1",
            "        host: 10.0.0.11",
            "        port: 3306",
            "        user: console",
            "        passwordEnv: ORDERS_DB_PASSWORD",
            "      - shardId: shard-orders1b",
            "        shardSerialId: set_1700000001_2",
            "        host: 10.0.0.12",
            "        port: 3306",
            "        user: console",
            "        passwordFile: /etc/session-console/orders.pw",
            "  - id: tdsqlshard-2gk4nxyz",
            "    kind: dcdb",
            "    region: ap-guangzhou",
            "");

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private void refused(String text, String expected) throws Exception {
        Path file = write("bad.yaml", text);
        assertThatThrownBy(() -> InventoryLoader.load(file))
                .isInstanceOf(InventoryException.class)
                .hasMessage(expected.replace("FILE", file.toString()));
    }

    @Test
    void readsBothKinds() throws Exception {
        Inventory inventory = InventoryLoader.load(write("inventory.yaml", GOOD));

        assertThat(inventory.instances()).hasSize(2);
        InstanceConfig orders = inventory.instances().get(0);
        assertThat(orders.kind()).isEqualTo(InstanceKind.MYSQL);
        assertThat(orders.shards()).extracting(ShardConfig::shardId).containsExactly("shard-orders1a", "shard-orders1b");
        assertThat(orders.shards().get(0).password()).isEqualTo(Secret.env("ORDERS_DB_PASSWORD"));
        assertThat(orders.shards().get(1).password()).isEqualTo(Secret.file("/etc/session-console/orders.pw"));
        InstanceConfig cloud = inventory.instances().get(1);
        assertThat(cloud.kind()).isEqualTo(InstanceKind.DCDB);
        assertThat(cloud.dcdb().endpoint()).isEqualTo("dcdb.tencentcloudapi.com");
        assertThat(cloud.dcdb().https()).isTrue();
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void theExampleInventoryShippedInResourcesLoads() throws Exception {
        Inventory example = InventoryLoader.load(Path.of("resources/inventory.example.yaml"));
        assertThat(example.instances()).isNotEmpty();
        assertThat(example.instances()).extracting(InstanceConfig::kind).contains(InstanceKind.MYSQL, InstanceKind.DCDB);
    }

    @Test
    void aSyntaxErrorNamesTheLine() throws Exception {
        refused("instances:\n  - id: a\n    kind: [mysql\n", "FILE:4: not valid YAML: expected ',' or ']', but got <stream end>");
    }

    @Test
    void anUnknownKindNamesFileLineAndField() throws Exception {
        refused(GOOD.replace("kind: mysql", "kind: postgres"),
                "FILE:4: instances[0].kind: unknown kind 'postgres' (expected mysql or dcdb)");
    }

    @Test
    void aDuplicateIdIsRefused() throws Exception {
        refused(GOOD.replace("tdsqlshard-2gk4nxyz", "tdsqlshard-orders01"),
                "FILE:19: instances[1].id: duplicate instance id 'tdsqlshard-orders01' (first at line 2)");
    }

    @Test
    void aMissingFieldIsRefused() throws Exception {
        refused(GOOD.replace("        host: 10.0.0.12\n", ""),
                "FILE:13: instances[0].shards[1].host: missing (required)");
    }

    @Test
    void aBadPortIsRefused() throws Exception {
        refused(GOOD.replace("port: 3306\n        user: console\n        passwordFile",
                        "port: 70000\n        user: console\n        passwordFile"),
                "FILE:16: instances[0].shards[1].port: '70000' is not a TCP port (1-65535)");
    }

    @Test
    void aMisspeltFieldIsRefusedNotIgnored() throws Exception {
        refused(GOOD.replace("passwordEnv: ORDERS_DB_PASSWORD", "pasword: x"),
                "FILE:12: instances[0].shards[0].pasword: unknown field (expected one of host, password, passwordEnv,"
                        + " passwordFile, port, shardId, shardSerialId, user)");
    }

    @Test
    void aMalformedShardIdIsRefused() throws Exception {
        refused(GOOD.replace("shardId: shard-orders1a", "shardId: orders1a"),
                "FILE:7: instances[0].shards[0].shardId: 'orders1a' is not a ShardId (shard-xxxx)");
    }

    @Test
    void aPlainPasswordInAFileOthersCanReadIsAWarning() throws Exception {
        Path file = write("plain.yaml", GOOD.replace("passwordEnv: ORDERS_DB_PASSWORD", "password: s3cret"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Inventory inventory = InventoryLoader.load(file);

        assertThat(inventory.warnings()).singleElement().asString().contains("chmod 600").doesNotContain("s3cret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(InventoryLoader.load(file).warnings()).isEmpty();
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> InventoryLoader.load(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void writingIsAtomicAndReadsBackTheSame() throws Exception {
        Inventory inventory = InventoryLoader.load(write("inventory.yaml", GOOD.replace(
                "passwordEnv: ORDERS_DB_PASSWORD", "password: \"we\\\"ird: pw\"")));
        Path target = dir.resolve("out/inventory.yaml");

        InventoryWriter.write(inventory, target);

        Inventory back = InventoryLoader.load(target);
        assertThat(back.instances()).isEqualTo(inventory.instances());
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target); // no temporary file left behind
        }
    }

    @Test
    void anInventoryThatWouldNotLoadIsNeverWritten() throws Exception {
        Path target = write("keep.yaml", GOOD);
        Inventory duplicateShards = new Inventory(null, List.of(new InstanceConfig("tdsqlshard-x", "x",
                InstanceKind.MYSQL, "", List.of(
                new ShardConfig("shard-a", "set_1_1", "h", 1, "u", Secret.NONE),
                new ShardConfig("shard-a", "set_1_2", "h", 2, "u", Secret.NONE)), null)), List.of());

        assertThatThrownBy(() -> InventoryWriter.write(duplicateShards, target)).hasMessageContaining("duplicate shardId");
        assertThat(Files.readString(target)).isEqualTo(GOOD);
    }

    @Test
    void secretsNeverPrintTheirValue() {
        assertThat(Secret.plain("hunter2").toString()).doesNotContain("hunter2");
        assertThat(Secret.env("PW").toString()).isEqualTo("env:PW");
    }
}
