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

    /**
     * Writes an inventory whose secret sources exist: the password file is made here, and the surefire
     * configuration sets ORDERS_DB_PASSWORD for the tests.
     */
    private Path write(String name, String text) throws Exception {
        Path secret = dir.resolve("orders.pw");
        Files.writeString(secret, "a-password\n");
        Path file = dir.resolve(name);
        Files.writeString(file, text.replace("/etc/session-console/orders.pw", secret.toString()));
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
        assertThat(orders.shards().get(1).password()).isEqualTo(Secret.file(dir.resolve("orders.pw").toString()));
        InstanceConfig cloud = inventory.instances().get(1);
        assertThat(cloud.kind()).isEqualTo(InstanceKind.DCDB);
        assertThat(cloud.dcdb().endpoint()).isEqualTo("dcdb.tencentcloudapi.com");
        assertThat(cloud.dcdb().https()).isTrue();
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void theExampleInventoryShippedInResourcesParses() throws Exception {
        // Its secret sources are placeholders for the reader's machine, so it is parsed, not loaded.
        Path source = Path.of("resources/inventory.example.yaml");
        Inventory example = InventoryLoader.parse(source, Files.readString(source));
        assertThat(example.instances()).isNotEmpty();
        assertThat(example.instances()).extracting(InstanceConfig::kind).contains(InstanceKind.MYSQL, InstanceKind.DCDB,
                InstanceKind.DCDB_ACCOUNT);
    }

    @Test
    void aSyntaxErrorNamesTheLine() throws Exception {
        refused("instances:\n  - id: a\n    kind: [mysql\n", "FILE:4: not valid YAML: expected ',' or ']', but got <stream end>");
    }

    @Test
    void anUnknownKindNamesFileLineAndField() throws Exception {
        refused(GOOD.replace("kind: mysql", "kind: postgres"),
                "FILE:4: instances[0].kind: unknown kind 'postgres' (expected mysql, dcdb or dcdb-account)");
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
                        + " passwordFile, port, shardId, shardSerialId, tls, user)");
    }

    @Test
    void aShardsTlsModeIsReadAndWrittenBackAndAnUnknownOneIsRefused() throws Exception {
        Inventory inventory = InventoryLoader.load(write("tls.yaml", GOOD.replace(
                "passwordEnv: ORDERS_DB_PASSWORD", "passwordEnv: ORDERS_DB_PASSWORD\n        tls: disabled")));
        List<ShardConfig> shards = inventory.instances().get(0).shards();
        assertThat(shards).extracting(ShardConfig::tls).containsExactly(TlsMode.DISABLED, TlsMode.PREFERRED);
        Path copy = dir.resolve("tls-copy.yaml");
        InventoryWriter.write(inventory, copy);
        assertThat(Files.readString(copy)).containsOnlyOnce("tls: disabled");
        assertThat(InventoryLoader.load(copy).instances()).isEqualTo(inventory.instances());

        refused(GOOD.replace("passwordEnv: ORDERS_DB_PASSWORD", "passwordEnv: ORDERS_DB_PASSWORD\n        tls: verify"),
                "FILE:13: instances[0].shards[0].tls: 'verify' (expected preferred, required or disabled)");
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
    void aSecretSourceThatCannotBeReadIsRefusedAtLoadWithItsLineAndField() throws Exception {
        refused(GOOD.replace("passwordEnv: ORDERS_DB_PASSWORD", "passwordEnv: SC_TEST_NEVER_SET"),
                "FILE:12: instances[0].shards[0].passwordEnv: environment variable SC_TEST_NEVER_SET is not set");
        refused(GOOD.replace("/etc/session-console/orders.pw", "/nonexistent/orders.pw"),
                "FILE:18: instances[0].shards[1].passwordFile: no such file: /nonexistent/orders.pw");
        refused(GOOD.replace("/etc/session-console/orders.pw", dir.toString()),
                "FILE:18: instances[0].shards[1].passwordFile: " + dir + " is not a regular file");
        Path fifo = dir.resolve("pw.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        refused(GOOD.replace("/etc/session-console/orders.pw", fifo.toString()),
                "FILE:18: instances[0].shards[1].passwordFile: " + fifo + " is not a regular file");
    }

    @Test
    void aPasswordFileGivesItsFirstLineOnly() throws Exception {
        Path secret = dir.resolve("two-lines.pw");
        Files.writeString(secret, "  first  \nsecond\n");
        assertThat(Secret.file(secret.toString()).resolve()).isEqualTo("first");
        assertThatThrownBy(() -> Secret.file("/dev/zero").resolve()).hasMessageContaining("not a regular file");
    }

    @Test
    void aFileThatIsNotAnInventoryIsRefusedBeforeParsing() throws Exception {
        Path huge = dir.resolve("huge.yaml");
        try (var out = Files.newOutputStream(huge)) {
            byte[] chunk = "x".repeat(1 << 20).getBytes();
            for (int i = 0; i < 9; i++) {
                out.write(chunk);
            }
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> InventoryLoader.load(huge)).hasMessageContaining("at most 8 MiB");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        Path fifo = dir.resolve("inventory.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> InventoryLoader.load(fifo)).hasMessageContaining("not a regular file");
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
        String before = Files.readString(target);
        Inventory duplicateShards = new Inventory(null, List.of(new InstanceConfig("tdsqlshard-x", "x",
                InstanceKind.MYSQL, "", List.of(
                new ShardConfig("shard-a", "set_1_1", "h", 1, "u", Secret.NONE),
                new ShardConfig("shard-a", "set_1_2", "h", 2, "u", Secret.NONE)), null)), List.of());

        assertThatThrownBy(() -> InventoryWriter.write(duplicateShards, target)).hasMessageContaining("duplicate shardId");
        assertThat(Files.readString(target)).isEqualTo(before);
    }

    @Test
    void secretsNeverPrintTheirValue() {
        assertThat(Secret.plain("hunter2").toString()).doesNotContain("hunter2");
        assertThat(Secret.env("PW").toString()).isEqualTo("env:PW");
    }

    @Test
    void theSettingsBlockIsReadLocatedAndWrittenBack() throws Exception {
        String withSettings = GOOD + String.join("\n", "settings:", "  fanOut: 8", "  audit:", "    segmentMiB: 16",
                "    keepSegments: 0", "    store:", "      kind: mysql", "      host: 10.0.0.5", "      port: 3306",
                "      user: console_audit", "      passwordEnv: ORDERS_DB_PASSWORD", "      database: session_console", "");
        Inventory inventory = InventoryLoader.load(write("settings.yaml", withSettings));
        AuditSettings audit = inventory.settings().audit();
        assertThat(inventory.settings().fanOut()).isEqualTo(8);
        assertThat(audit.segmentBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(audit.keepSegments()).isZero();
        assertThat(audit.database()).isEqualTo(new AuditDatabase("10.0.0.5", 3306, "console_audit",
                Secret.env("ORDERS_DB_PASSWORD"), "session_console"));
        Path copy = dir.resolve("copy/settings.yaml");
        InventoryWriter.write(inventory, copy);
        assertThat(InventoryLoader.load(copy).settings()).isEqualTo(inventory.settings());

        assertThat(InventoryLoader.load(write("plain.yaml", GOOD)).settings()).isEqualTo(Settings.DEFAULT);
        refused(GOOD + "settings:\n  fanOut: 1000\n",
                "FILE:23: settings.fanOut: '1000' is not a whole number from 1 to 256");
        Path fanOutOnly = dir.resolve("copy/fan-out.yaml");
        InventoryWriter.write(InventoryLoader.load(write("fan-out.yaml", GOOD + "settings:\n  fanOut: 32\n")), fanOutOnly);
        assertThat(InventoryLoader.load(fanOutOnly).settings()).isEqualTo(new Settings(AuditSettings.DEFAULT, 32));
        refused(GOOD + "settings:\n  audit:\n    segmentMiB: 0\n",
                "FILE:24: settings.audit.segmentMiB: '0' is not a whole number from 1 to 65536");
        refused(GOOD + "settings:\n  audit:\n    store:\n      kind: postgres\n",
                "FILE:25: settings.audit.store.kind: 'postgres' (expected mysql: a MySQL or MariaDB database)");
        refused(GOOD + "settings:\n  audit:\n    store:\n      kind: mysql\n      host: h\n      port: 1\n"
                + "      user: u\n      database: a-b\n", "FILE:29: settings.audit.store.database: 'a-b' is not"
                + " a schema name (letters, digits and _, at most 64)");
        refused(GOOD + "settings:\n  audit:\n    retention: 3\n", "FILE:24: settings.audit.retention: unknown"
                + " field (expected one of keepSegments, segmentMiB, store)");
    }
}
