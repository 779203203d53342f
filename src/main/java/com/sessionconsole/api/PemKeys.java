package com.sessionconsole.api;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text to what the JDK reads: the blocks of a file, and a private key in any of the three forms certificate
 * tools write: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1
 * ({@code BEGIN EC PRIVATE KEY}). The traditional two are wrapped into PKCS#8 here, so no crypto library beyond
 * the JDK is needed. Encrypted keys are refused with a word on how to decrypt them.
 */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    /** rsaEncryption and id-ecPublicKey, DER-encoded with their tag. */
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01,
            0x01, 0x01};
    private static final byte[] EC_OID = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    /** One PEM block: its label and its DER bytes; {@code encrypted} for the traditional Proc-Type header. */
    record Block(String label, byte[] der, boolean encrypted) {
    }

    private PemKeys() {
    }

    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String body = matcher.group(2);
            boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            // Traditional encrypted keys carry "Name: value" headers and a blank line before the Base64.
            int blank = body.indexOf("\n\n");
            String base64 = body.contains(":") && blank >= 0 ? body.substring(blank + 2) : body;
            blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(base64), encrypted));
        }
        return blocks;
    }

    /**
     * The private key of a PEM file's blocks.
     *
     * @throws IllegalArgumentException with a sentence for the operator when there is none or it cannot be read
     */
    static PrivateKey privateKey(List<Block> blocks) {
        for (Block block : blocks) {
            switch (block.label()) {
                case "ENCRYPTED PRIVATE KEY":
                    throw encrypted();
                case "PRIVATE KEY":
                    return pkcs8(block.der());
                case "RSA PRIVATE KEY":
                    if (block.encrypted()) {
                        throw encrypted();
                    }
                    return pkcs8(Der.encode(Der.SEQUENCE, VERSION_0, Der.encode(Der.SEQUENCE, RSA_OID,
                            new byte[] {Der.NULL, 0}), Der.encode(Der.OCTET_STRING, block.der())));
                case "EC PRIVATE KEY":
                    if (block.encrypted()) {
                        throw encrypted();
                    }
                    return pkcs8(Der.encode(Der.SEQUENCE, VERSION_0, Der.encode(Der.SEQUENCE, EC_OID,
                            curveOf(block.der())), Der.encode(Der.OCTET_STRING, block.der())));
                default:
                    // EC PARAMETERS and certificates may share the file: not the key
            }
        }
        throw new IllegalArgumentException("no private key in it (expected a PEM block BEGIN PRIVATE KEY,"
                + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    /** The named curve's OID, from the [0] parameters of a SEC1 ECPrivateKey. */
    private static byte[] curveOf(byte[] sec1) {
        for (Der.Element element : Der.sequence(sec1)) {
            if (element.tag() == Der.CONTEXT_0) {
                List<Der.Element> parameters = Der.read(element.content());
                if (parameters.size() == 1 && parameters.get(0).tag() == Der.OID) {
                    return Der.encode(parameters.get(0));
                }
            }
        }
        throw new IllegalArgumentException("the EC private key does not name its curve; write it as PKCS#8"
                + " (openssl pkcs8 -topk8 -nocrypt)");
    }

    private static PrivateKey pkcs8(byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("the private key is not an RSA, EC or EdDSA key the JDK can read");
    }

    private static IllegalArgumentException encrypted() {
        return new IllegalArgumentException("the private key is encrypted; serve reads a plain one (decrypt it with"
                + " openssl pkey -in KEY -out PLAIN_KEY, and keep that file readable by this user only), or use"
                + " --tls-keystore with --tls-keystore-password-env");
    }
}
