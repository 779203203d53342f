package com.sessionconsole.cli;

import com.sessionconsole.testfleet.TestCertificates;
import com.sessionconsole.testfleet.TestLaunch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** serve's --tls options: files it cannot use are named with their option (exit 4), and HTTPS needs no warning. */
class ServeTlsOptionsTest {
    @TempDir
    Path dir;
    private Path keys;
    private String err;

    @BeforeEach
    void writeKeys() throws Exception {
        keys = Files.writeString(dir.resolve("keys.yaml"), "keys:\n  - secretId: AKIDtls0001\n"
                + "    secretKey: tls-secret-key-0123456789abcdef\n    permission: read-only\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    }

    private int serve(String... options) {
        List<String> args = new ArrayList<>(List.of("serve", "--keys", keys.toString(), "--data-dir",
                dir.resolve("data").toString(), "--inventory", dir.resolve("none.yaml").toString()));
        args.addAll(List.of(options));
        StringWriter stderr = new StringWriter();
        int code = SessionConsoleCli.run(args.toArray(new String[0]), TestLaunch.standard(), (i, g, d, s) -> {
            throw new AssertionError("no window here");
        }, new PrintWriter(new StringWriter()), new PrintWriter(stderr));
        err = stderr.toString();
        return code;
    }

    @Test
    void unusableTlsFilesExitWithTheConfigurationCode() throws Exception {
        Path missing = dir.resolve("missing.pem");
        Path key = TestCertificates.writePem(dir.resolve("server.key"), "PRIVATE KEY",
                TestCertificates.get().pkcs8("rsa"));

        assertThat(serve("--tls-cert", missing.toString(), "--tls-key", key.toString())).isEqualTo(ExitCode.CONFIG);
        assertThat(err).startsWith("error: --tls-cert " + missing + ": cannot be read").doesNotContain("Exception", "\tat ");

        Path chain = TestCertificates.get().chainPem("rsa");
        assertThat(serve("--tls-cert", chain.toString(), "--tls-key", chain.toString())).isEqualTo(ExitCode.CONFIG);
        assertThat(err).startsWith("error: --tls-key " + chain + ": no private key").doesNotContain("Exception");

        Path p12 = TestCertificates.get().pkcs12("rsa", "secret");
        assertThat(serve("--tls-keystore", p12.toString(), "--tls-keystore-password-env",
                "SESSION_CONSOLE_TEST_NO_SUCH_VARIABLE")).isEqualTo(ExitCode.CONFIG);
        assertThat(err).startsWith("error: --tls-keystore-password-env SESSION_CONSOLE_TEST_NO_SUCH_VARIABLE: the"
                + " environment variable is not set").contains(p12.toString());
    }

    @Test
    void incompleteOrMixedTlsOptionsAreUsageErrors() {
        assertThat(serve("--tls-cert", "a.pem")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--tls-key");
        assertThat(serve("--tls-cert", "a.pem", "--tls-key", "a.key", "--tls-keystore", "b.p12",
                "--tls-keystore-password-env", "X")).isEqualTo(ExitCode.REFUSED);
        assertThat(serve("--tls-keystore", "b.p12")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--tls-keystore-password-env");
    }

    @Test
    void httpsOnEveryInterfaceIsNotWarnedAbout() throws Exception {
        Path chain = TestCertificates.get().chainPem("ec");
        Path key = TestCertificates.writePem(dir.resolve("ec.key"), "PRIVATE KEY", TestCertificates.get().pkcs8("ec"));
        // No inventory: serve stops after its TLS files are read and the warning would be printed, before it listens.
        assertThat(serve("--listen", "0.0.0.0:0")).isNotZero();
        assertThat(err).contains("warning: --listen 0.0.0.0:0", "plain HTTP", "--tls-cert");

        assertThat(serve("--listen", "0.0.0.0:0", "--tls-cert", chain.toString(), "--tls-key", key.toString()))
                .isNotZero();
        assertThat(err).doesNotContain("warning").contains("none.yaml");
    }
}
