package com.sessionconsole.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sessionconsole.Launcher;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import com.sessionconsole.testfleet.TestCertificates;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --tls-keystore} as its own process: the official SDK calls it over HTTPS. */
class ServeTlsTest extends FleetTestSupport {
    private static final String SECRET_ID = "AKIDhttps0001";
    private static final String SECRET_KEY = "https-secret-key-0123456789abcdef";
    private static final String PASSWORD = "keystore-password-for-the-test";

    @Test
    void serveSpeaksHttpsWithAKeyStoreWhosePasswordComesFromTheEnvironment() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        Path inventory = dataDir.resolve("inventory.yaml");
        InventoryWriter.write(fleet.inventory(), inventory);
        Path keys = Files.writeString(dataDir.resolve("keys.yaml"), "keys:\n  - secretId: " + SECRET_ID
                + "\n    secretKey: " + SECRET_KEY + "\n    permission: read-only\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "serve", "--keys", keys.toString(), "--inventory", inventory.toString(),
                "--data-dir", dataDir.resolve("data").toString(), "--listen", "127.0.0.1:" + port,
                "--tls-keystore", certificates.pkcs12("rsa", PASSWORD).toString(),
                "--tls-keystore-password-env", "SERVE_TLS_PASSWORD"))
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("serve.log").toFile());
        builder.environment().put("SERVE_TLS_PASSWORD", PASSWORD);
        Process serve = builder.start();
        try {
            HttpProfile http = new HttpProfile();
            http.setEndpoint("127.0.0.1:" + port);
            http.setProtocol(HttpProfile.REQ_HTTPS);
            http.setSslSocketFactory(certificates.clientContext("TLS").getSocketFactory());
            http.setX509TrustManager(certificates.trustManager());
            http.setConnTimeout(2);
            http.setReadTimeout(20);
            CommonClient client = new CommonClient("dcdb", "2018-04-11", new Credential(SECRET_ID, SECRET_KEY),
                    "ap-guangzhou", new ClientProfile(ClientProfile.SIGN_TC3_256, http));
            Await.until("serve to say it is serving", Duration.ofSeconds(30),
                    () -> log().contains("Serving"));
            String answer = client.call("DescribeDCDBInstances", "{}");
            assertThat(new ObjectMapper().readTree(answer).path("Response").path("TotalCount").asInt()).isPositive();

            serve.destroy(); // SIGTERM on Linux
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stops within 20 s").isTrue();
        } finally {
            serve.destroyForcibly();
        }
        assertThat(log()).contains("on https://127.0.0.1:" + port + "/").doesNotContain("warning", "Exception", PASSWORD);
    }

    private String log() {
        try {
            return Files.readString(dataDir.resolve("serve.log"));
        } catch (IOException e) {
            return "";
        }
    }
}
