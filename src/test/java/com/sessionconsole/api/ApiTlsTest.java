package com.sessionconsole.api;

import com.sessionconsole.testfleet.TestCertificates;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS with the official SDK as the client, which trusts the test's own CA through its HttpProfile (its
 * SSLSocketFactory and X509TrustManager), not through the JVM's trust store: every form of key the server
 * reads, TLS 1.2 and 1.3, and the clear errors for files it cannot use.
 */
class ApiTlsTest extends ApiTestSupport {
    private final TestCertificates certificates = TestCertificates.get();

    @Test
    void theSdkCallsOverHttpsWithEachFormOfKey() throws Exception {
        Path folder = Files.createDirectories(dataDir.resolve("tls"));
        byte[] rsa = certificates.pkcs8("rsa");
        byte[] ec = certificates.pkcs8("ec");
        List<ServerTls> forms = List.of(
                ServerTls.fromPem(certificates.chainPem("rsa"), TestCertificates.writePem(folder.resolve("rsa.key"),
                        "PRIVATE KEY", rsa)),
                ServerTls.fromPem(certificates.chainPem("rsa"), TestCertificates.writePem(folder.resolve("rsa1.key"),
                        "RSA PRIVATE KEY", Der.sequence(rsa).get(2).content())),
                ServerTls.fromPem(certificates.chainPem("ec"), TestCertificates.writePem(folder.resolve("ec.key"),
                        "PRIVATE KEY", ec)),
                ServerTls.fromPem(certificates.chainPem("ec"), TestCertificates.writePem(folder.resolve("sec1.key"),
                        "EC PRIVATE KEY", sec1WithCurve(ec))),
                ServerTls.fromPkcs12(certificates.pkcs12("rsa", "p12-password"), "p12-password".toCharArray(),
                        "$TEST"));
        for (ServerTls tls : forms) {
            try (ApiServer https = ApiServer.start(service, keys(), ApiServerOptions.defaults(
                    new InetSocketAddress("127.0.0.1", 0)).withTls(tls))) {
                String answer = httpsClient(https).call("DescribeDCDBInstances", "{\"Limit\":1}");
                assertThat(JSON.readTree(answer).path("Response").path("TotalCount").asInt()).isPositive();
            }
        }
    }

    @Test
    void tls12And13AreServedAndPlainHttpIsNot() throws Exception {
        ServerTls tls = ServerTls.fromPkcs12(certificates.pkcs12("ec", "pw"), "pw".toCharArray(), "$TEST");
        try (ApiServer https = ApiServer.start(service, keys(), ApiServerOptions.defaults(
                new InetSocketAddress("127.0.0.1", 0)).withTls(tls))) {
            for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
                SSLContext context = certificates.clientContext(protocol);
                try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
                        https.address().getPort())) {
                    socket.setSoTimeout(5_000);
                    socket.setEnabledProtocols(new String[] {protocol});
                    socket.startHandshake();
                    assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                }
            }
            HttpProfile plain = new HttpProfile();
            plain.setEndpoint("127.0.0.1:" + https.address().getPort());
            plain.setProtocol(HttpProfile.REQ_HTTP);
            plain.setReadTimeout(5);
            CommonClient client = new CommonClient("dcdb", "2018-04-11", new Credential(KILLER_ID, KILLER_KEY), "",
                    new ClientProfile(ClientProfile.SIGN_TC3_256, plain));
            assertThatThrownBy(() -> client.call("DescribeDCDBInstances", "{}")).isNotNull();
        }
    }

    @Test
    void aHandshakeTrickledInIsCutOffLikeASlowRequest() throws Exception {
        ServerTls tls = ServerTls.fromPkcs12(certificates.pkcs12("ec", "pw"), "pw".toCharArray(), "$TEST");
        try (ApiServer https = ApiServer.start(service, keys(), ApiServerOptions.defaults(
                new InetSocketAddress("127.0.0.1", 0)).withTls(tls).withConnections(new ConnectionLimits(100,
                Duration.ofSeconds(30), Duration.ofSeconds(1))));
             Socket slow = new Socket("127.0.0.1", https.address().getPort())) {
            slow.setSoTimeout(200);
            // A ClientHello record header, then its body one byte at a time: never idle, never done.
            slow.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            long start = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                try {
                    slow.getOutputStream().write(0x01);
                    closed = slow.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // nothing from the server yet
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
                    Duration.ofSeconds(4));
        }
    }

    @Test
    void unusableFilesAreNamedWithTheirOption() throws Exception {
        Path folder = Files.createDirectories(dataDir.resolve("bad"));
        Path chain = certificates.chainPem("rsa");
        Path rsaKey = TestCertificates.writePem(folder.resolve("rsa.key"), "PRIVATE KEY", certificates.pkcs8("rsa"));
        Path ecKey = TestCertificates.writePem(folder.resolve("ec.key"), "PRIVATE KEY", certificates.pkcs8("ec"));
        Path missing = folder.resolve("missing.pem");
        Path garbage = Files.writeString(folder.resolve("garbage.pem"), "not a certificate\n");
        Path encrypted = Files.writeString(folder.resolve("encrypted.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + "MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n");

        assertThat(tlsError(() -> ServerTls.fromPem(missing, rsaKey))).startsWith("--tls-cert " + missing + ": cannot be read");
        assertThat(tlsError(() -> ServerTls.fromPem(garbage, rsaKey))).startsWith("--tls-cert " + garbage + ": no certificate");
        assertThat(tlsError(() -> ServerTls.fromPem(chain, garbage))).startsWith("--tls-key " + garbage + ": no private key");
        assertThat(tlsError(() -> ServerTls.fromPem(chain, encrypted))).startsWith("--tls-key " + encrypted + ": the private key is encrypted");
        assertThat(tlsError(() -> ServerTls.fromPem(chain, ecKey))).startsWith("--tls-key " + ecKey + ": does not belong to the first certificate");
        Path p12 = certificates.pkcs12("rsa", "right");
        assertThat(tlsError(() -> ServerTls.fromPkcs12(p12, "wrong".toCharArray(), "$TLS_PASSWORD")))
                .isEqualTo("--tls-keystore " + p12 + ": the password from $TLS_PASSWORD does not open it");
        assertThat(tlsError(() -> ServerTls.fromPkcs12(chain, "right".toCharArray(), "$TLS_PASSWORD")))
                .startsWith("--tls-keystore " + chain + ": not a PKCS#12 key store");

        // A private key everyone may read is refused; the group may read it (Debian's ssl-cert convention).
        Files.setPosixFilePermissions(rsaKey, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(tlsError(() -> ServerTls.fromPem(chain, rsaKey))).isEqualTo("--tls-key " + rsaKey
                + ": holds the server's private key but others may read or change it; refused. Run: chmod 600 "
                + rsaKey + " (or 640, with a group such as ssl-cert)");
        Files.setPosixFilePermissions(p12, PosixFilePermissions.fromString("rw-rw----"));
        assertThat(tlsError(() -> ServerTls.fromPkcs12(p12, "right".toCharArray(), "$TLS_PASSWORD")))
                .startsWith("--tls-keystore " + p12 + ": holds the server's private key but others may");
        Files.setPosixFilePermissions(rsaKey, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(ServerTls.fromPem(chain, rsaKey).subject()).isNotBlank();
    }

    private interface TlsLoad {
        ServerTls load() throws ServerTls.TlsFileException;
    }

    private static String tlsError(TlsLoad load) {
        try {
            load.load();
        } catch (ServerTls.TlsFileException e) {
            assertThat(e.getMessage()).doesNotContain("Exception");
            return e.getMessage();
        }
        throw new AssertionError("the files should have been refused");
    }

    /** The SDK over HTTPS, trusting the test CA for this client only. */
    private CommonClient httpsClient(ApiServer https) throws Exception {
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + https.address().getPort());
        http.setProtocol(HttpProfile.REQ_HTTPS);
        http.setSslSocketFactory(certificates.clientContext("TLS").getSocketFactory());
        http.setX509TrustManager(certificates.trustManager());
        http.setConnTimeout(5);
        http.setReadTimeout(20);
        return new CommonClient("dcdb", "2018-04-11", new Credential(KILLER_ID, KILLER_KEY), "ap-guangzhou",
                new ClientProfile(ClientProfile.SIGN_TC3_256, http));
    }

    /** The SEC1 form of an EC key (what {@code openssl ec} writes), its curve named in the [0] parameters. */
    private static byte[] sec1WithCurve(byte[] pkcs8) {
        List<Der.Element> outer = Der.sequence(pkcs8);
        Der.Element curve = Der.read(outer.get(1).content()).get(1);
        List<Der.Element> inner = Der.sequence(outer.get(2).content());
        return Der.encode(Der.SEQUENCE, Der.encode(inner.get(0)), Der.encode(inner.get(1)),
                Der.encode(Der.CONTEXT_0, Der.encode(curve)));
    }
}
