package com.sessionconsole.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The server's certificate chain and private key, loaded and checked before the server starts, so that a wrong
 * file is reported by its option and path rather than as a failed handshake later. Served with TLS 1.2 and 1.3
 * only.
 *
 * @param keyStore an in-memory store with the key entry
 * @param password the store's (and the key's) password
 * @param subject  the certificate's subject, for the startup line
 */
public record ServerTls(KeyStore keyStore, char[] password, String subject) {

    /** A TLS file that cannot be used: the message names the option and the file. */
    public static final class TlsFileException extends Exception {
        public TlsFileException(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code --tls-cert} (PEM chain, the server's own certificate first) and {@code --tls-key} (PEM key). */
    public static ServerTls fromPem(Path certFile, Path keyFile) throws TlsFileException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemKeys.Block block : PemKeys.blocks(read("--tls-cert", certFile))) {
                if (block.label().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new TlsFileException("--tls-cert " + certFile + ": not a readable PEM certificate ("
                    + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new TlsFileException("--tls-cert " + certFile + ": no certificate in it (expected PEM blocks"
                    + " BEGIN CERTIFICATE, the server's own first)");
        }
        PrivateKey key;
        try {
            key = PemKeys.privateKey(PemKeys.blocks(read("--tls-key", keyFile)));
        } catch (IllegalArgumentException e) {
            throw new TlsFileException("--tls-key " + keyFile + ": " + e.getMessage());
        }
        requirePrivate("--tls-key", keyFile);
        if (!matches(key, chain.get(0))) {
            throw new TlsFileException("--tls-key " + keyFile + ": does not belong to the first certificate of"
                    + " --tls-cert " + certFile + " (" + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        char[] password = randomPassword();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
            return new ServerTls(store, password, chain.get(0).getSubjectX500Principal().getName());
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsFileException("--tls-key " + keyFile + ": cannot be used with --tls-cert " + certFile
                    + " (" + e.getMessage() + ")");
        }
    }

    /** {@code --tls-keystore}: a PKCS#12 file with one private key entry and its chain. */
    public static ServerTls fromPkcs12(Path file, char[] password, String passwordSource) throws TlsFileException {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw new TlsFileException("--tls-keystore " + file + ": " + (wrongPassword
                    ? "the password from " + passwordSource + " does not open it"
                    : Files.isReadable(file) ? "not a PKCS#12 key store (" + e.getMessage() + ")" : "cannot be read"));
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("--tls-keystore " + file + ": not a usable PKCS#12 key store ("
                    + e.getMessage() + ")");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate) {
                    store.getKey(alias, password); // the key's own password must be the store's
                    requirePrivate("--tls-keystore", file);
                    X509Certificate leaf = (X509Certificate) store.getCertificate(alias);
                    return new ServerTls(store, password, leaf.getSubjectX500Principal().getName());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("--tls-keystore " + file + ": its private key does not open with the"
                    + " store's password from " + passwordSource);
        }
        throw new TlsFileException("--tls-keystore " + file + ": holds no private key with its certificate");
    }

    /**
     * A file that holds the server's private key may be read by its owner and its group (Debian's ssl-cert group
     * convention), never by everyone: such a key is refused before anything is served with it.
     */
    private static void requirePrivate(String option, Path file) throws TlsFileException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return; // not a POSIX file system, or gone since it was read: nothing to check
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
            throw new TlsFileException(option + " " + file + ": holds the server's private key but others may read"
                    + " or change it; refused. Run: chmod 600 " + file + " (or 640, with a group such as ssl-cert)");
        }
    }

    private static String read(String option, Path file) throws TlsFileException {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TlsFileException(option + " " + file + ": cannot be read ("
                    + (Files.exists(file) ? e.getClass().getSimpleName().replace("Exception", "") : "no such file")
                    + ")");
        }
    }

    /** A signature made with the key checks out with the certificate's public key. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // nothing to check it with here; the handshake will tell
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).toCharArray();
    }
}
