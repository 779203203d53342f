package com.sessionconsole.api;

import com.sessionconsole.cli.SessionConsoleCli;
import com.sessionconsole.testfleet.TestLaunch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys file is read strictly and refused when others may read it; the serve command says why and exits. */
class ApiKeysTest {
    @TempDir
    Path dir;

    private Path write(String text, String mode) throws Exception {
        Path file = dir.resolve("keys.yaml");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void aGoodFileLoads() throws Exception {
        ApiKeys keys = ApiKeysLoader.load(write("keys:\n  - secretId: AKIDops0001\n    secretKey: \"0123456789abcdef0123\"\n"
                + "    permission: kill\n  - secretId: AKIDview0001\n    secretKey: abcdefghijklmnop\n"
                + "    permission: read-only\n    instances: [tdsqlshard-a1]\n", "rw-------"));

        assertThat(keys.find("AKIDops0001").orElseThrow().caller().mayKill()).isTrue();
        assertThat(keys.find("AKIDview0001").orElseThrow().caller().instanceIds()).containsExactly("tdsqlshard-a1");
        assertThat(keys.find("AKIDops0001").orElseThrow().toString()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void theExampleFileLoads() throws Exception {
        Path example = Path.of("resources/api-keys.example.yaml");
        ApiKeys keys = ApiKeysLoader.parse(example, Files.readString(example));
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void aFileGroupOrOthersMayReadIsRefused() throws Exception {
        Path file = write("keys:\n  - secretId: AKIDops0001\n    secretKey: 0123456789abcdef\n    permission: kill\n",
                "rw-r-----");
        assertThatThrownBy(() -> ApiKeysLoader.load(file)).isInstanceOf(KeysFileException.class)
                .hasMessageContaining("chmod 600").hasMessageNotContaining("0123456789abcdef");
    }

    @Test
    void mistakesAreNamedWithLineAndField() throws Exception {
        assertThatThrownBy(() -> ApiKeysLoader.parse(Path.of("k.yaml"), "keys:\n  - secretId: AKIDops0001\n"
                + "    secretKey: 0123456789abcdef\n    permision: kill\n"))
                .hasMessage("k.yaml:4: keys[0].permision: unknown field (expected one of instances, permission,"
                        + " secretId, secretKey)");
        assertThatThrownBy(() -> ApiKeysLoader.parse(Path.of("k.yaml"), "keys:\n  - secretId: AKIDops0001\n"
                + "    secretKey: short\n    permission: kill\n"))
                .hasMessageStartingWith("k.yaml:3: keys[0].secretKey: too short").hasMessageNotContaining("short\n");
        assertThatThrownBy(() -> ApiKeysLoader.parse(Path.of("k.yaml"), "keys:\n  - secretId: AKIDops0001\n"
                + "    secretKey: 0123456789abcdef\n    permission: root\n"))
                .hasMessageStartingWith("k.yaml:4: keys[0].permission: 'root'");
        assertThatThrownBy(() -> ApiKeysLoader.parse(Path.of("k.yaml"), "keys:\n  - secretId: [unclosed\n"))
                .hasMessageStartingWith("k.yaml:3: not valid YAML");
        assertThatThrownBy(() -> ApiKeysLoader.parse(Path.of("k.yaml"), "keys:\n  - secretId: AKIDops0001\n"
                + "    secretKey: 0123456789abcdef\n    permission: kill\n  - secretId: AKIDops0001\n"
                + "    secretKey: 0123456789abcdef\n    permission: kill\n"))
                .hasMessageContaining("k.yaml:5: keys[1].secretId: duplicate SecretId 'AKIDops0001' (first at line 2)");
    }

    @Test
    void serveRefusesABadKeysFileThroughTheCommandLine() throws Exception {
        Path groupReadable = write("keys:\n  - secretId: AKIDops0001\n    secretKey: 0123456789abcdef\n"
                + "    permission: kill\n", "rw-r--r--");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = SessionConsoleCli.run(new String[] {"serve", "--keys", groupReadable.toString(), "--inventory",
                dir.resolve("none.yaml").toString(), "--data-dir", dir.resolve("data").toString()}, TestLaunch.standard(),
                (inventory, given, data, shot) -> 0, new PrintWriter(out), new PrintWriter(err));

        assertThat(code).isEqualTo(4);
        assertThat(err.toString()).contains("keys.yaml", "group or others", "chmod 600");
        assertThat(out.toString()).isEmpty();

        Path badYaml = write("keys:\n  - secretId: AKIDops0001\n   secretKey: x\n", "rw-------");
        err.getBuffer().setLength(0);
        assertThat(SessionConsoleCli.run(new String[] {"serve", "--keys", badYaml.toString()}, TestLaunch.standard(),
                (inventory, given, data, shot) -> 0, new PrintWriter(out), new PrintWriter(err))).isEqualTo(4);
        assertThat(err.toString()).contains("keys.yaml:3: not valid YAML");
    }

    @Test
    void serveWarnsOnStderrWhenPlainHttpListensBeyondLoopback() throws Exception {
        Path keysFile = write("keys:\n  - secretId: AKIDops0001\n    secretKey: 0123456789abcdef\n"
                + "    permission: kill\n", "rw-------");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // No inventory: serve stops after the warning, before it would listen.
        String[] wide = {"serve", "--keys", keysFile.toString(), "--listen", "0.0.0.0:0", "--inventory",
                dir.resolve("none.yaml").toString(), "--data-dir", dir.resolve("data").toString()};

        assertThat(SessionConsoleCli.run(wide, TestLaunch.standard(), (inventory, given, data, shot) -> 0, new PrintWriter(out),
                new PrintWriter(err))).isNotZero();
        assertThat(err.toString()).contains("warning: --listen 0.0.0.0:0", "plain HTTP", "in clear", "TLS");

        err.getBuffer().setLength(0);
        String[] local = wide.clone();
        local[4] = "127.0.0.1:0";
        SessionConsoleCli.run(local, TestLaunch.standard(), (inventory, given, data, shot) -> 0, new PrintWriter(out), new PrintWriter(err));
        assertThat(err.toString()).doesNotContain("warning");

        StringWriter help = new StringWriter();
        SessionConsoleCli.run(new String[] {"serve", "--help"}, TestLaunch.standard(), (inventory, given, data, shot) -> 0,
                new PrintWriter(help), new PrintWriter(err));
        assertThat(help.toString().replaceAll("\\s+", " ")).contains("plain HTTP", "in clear");
    }
}
