package com.sessionconsole.testfleet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A test CA and two server certificates it signed (RSA and EC, for 127.0.0.1 and localhost), made once per test
 * run with the JDK's keytool in a temporary folder: no private key is ever committed. Valid for two days.
 */
public final class TestCertificates {
    public static final String STORE_PASSWORD = "test-store-password";
    private static TestCertificates made;

    public final Path folder;
    public final X509Certificate ca;
    private final String caPem;

    private TestCertificates(Path folder) throws IOException, GeneralSecurityException {
        this.folder = folder;
        this.caPem = Files.readString(folder.resolve("ca.crt"));
        this.ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The certificates, made on the first call. */
    public static synchronized TestCertificates get() {
        if (made == null) {
            try {
                Path folder = Files.createTempDirectory("session-console-tls-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(folder), "test-tls-cleanup"));
                // Three rounds of keytool runs, each round's in parallel: about three JVM starts in all.
                keytool(folder, List.of(
                        List.of("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                                "CN=Session Console test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12"),
                        List.of("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                                "CN=localhost", "-validity", "2", "-keystore", "rsa.p12"),
                        List.of("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp384r1",
                                "-dname", "CN=localhost", "-validity", "2", "-keystore", "ec.p12")));
                keytool(folder, List.of(
                        List.of("-certreq", "-alias", "server", "-keystore", "rsa.p12", "-file", "rsa.csr"),
                        List.of("-certreq", "-alias", "server", "-keystore", "ec.p12", "-file", "ec.csr"),
                        List.of("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.crt")));
                keytool(folder, List.of(sign("rsa"), sign("ec")));
                made = new TestCertificates(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return made;
    }

    private static List<String> sign(String kind) {
        return List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", kind + ".csr", "-outfile",
                kind + ".crt", "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext",
                "eku=serverAuth");
    }

    private static void keytool(Path folder, List<List<String>> runs) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<Process> started = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (List<String> args : runs) {
            Path log = folder.resolve("keytool-" + args.get(0).substring(1) + "-" + logs.size() + ".log");
            logs.add(log);
            List<String> command = new ArrayList<>(List.of(keytool, "-J-XX:TieredStopAtLevel=1"));
            command.addAll(args);
            command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
            started.add(new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < started.size(); i++) {
            Process process = started.get(i);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool " + runs.get(i) + " failed: " + Files.readString(logs.get(i)));
            }
        }
    }

    /** The server's chain as PEM (its own certificate, then the CA's), for {@code --tls-cert}. */
    public Path chainPem(String kind) throws IOException {
        Path file = folder.resolve(kind + "-chain.pem");
        Files.writeString(file, Files.readString(folder.resolve(kind + ".crt")) + caPem);
        return file;
    }

    /** The server's private key in PKCS#8 DER, as the JDK encodes it. */
    public byte[] pkcs8(String kind) throws IOException, GeneralSecurityException {
        return ((PrivateKey) store(kind).getKey("server", STORE_PASSWORD.toCharArray())).getEncoded();
    }

    /** A PKCS#12 file with the server's key and the full chain, under the given password. */
    public Path pkcs12(String kind, String password) throws IOException, GeneralSecurityException {
        KeyStore source = store(kind);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>(factory.generateCertificates(Files.newInputStream(chainPem(kind))));
        KeyStore target = KeyStore.getInstance("PKCS12");
        target.load(null, null);
        target.setKeyEntry("server", source.getKey("server", STORE_PASSWORD.toCharArray()), password.toCharArray(),
                chain.toArray(new Certificate[0]));
        Path file = folder.resolve(kind + "-chain.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            target.store(out, password.toCharArray());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A PEM file; one with a private key is readable by its owner only, as serve asks. */
    public static Path writePem(Path file, String label, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END " + label + "-----\n");
        if (label.contains("PRIVATE KEY")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    /** Trusts the test CA only, for one client: the JVM's own trust store stays as it is for every other test. */
    public X509TrustManager trustManager() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("test-ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    public SSLContext clientContext(String protocol) throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(null, new X509TrustManager[] {trustManager()}, null);
        return context;
    }

    private static void deleteAll(Path folder) {
        try (var files = Files.list(folder)) {
            files.forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: left behind at worst
        }
        folder.toFile().delete();
    }

    private KeyStore store(String kind) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(folder.resolve(kind + ".p12"))) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return store;
    }
}
