package com.sessionconsole.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TC3-HMAC-SHA256, the signature of every current Tencent Cloud SDK (dcdb-api.md). Used by the server to
 * verify and by tests and the benchmark to sign; it holds no state, so one instance serves every thread.
 */
public final class Tc3Signature {
    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    public static final String TERMINATOR = "tc3_request";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    // Mac and MessageDigest are not thread-safe and cost a provider lookup to create: one per thread.
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> newInstance(() -> Mac.getInstance("HmacSHA256")));
    private static final ThreadLocal<MessageDigest> SHA256 =
            ThreadLocal.withInitial(() -> newInstance(() -> MessageDigest.getInstance("SHA-256")));

    private Tc3Signature() {
    }

    /** The UTC date of a unix timestamp, as the credential scope names it. */
    public static String date(long timestamp) {
        return DATE.format(Instant.ofEpochSecond(timestamp));
    }

    public static String canonicalRequest(String method, String canonicalQuery, String canonicalHeaders,
                                          String signedHeaders, byte[] payload) {
        return method + "\n/\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n"
                + sha256Hex(payload);
    }

    public static String stringToSign(long timestamp, String date, String service, String canonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + date + "/" + service + "/" + TERMINATOR + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The hex signature: kDate, kService, kSigning, then the string to sign. */
    public static String signature(String secretKey, String date, String service, String stringToSign) {
        return signature(signingKey(secretKey, date, service), stringToSign);
    }

    /** kSigning: depends only on the key, the date and the service, so it may be kept for the day. */
    public static byte[] signingKey(String secretKey, String date, String service) {
        byte[] kDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kService = hmac(kDate, service);
        return hmac(kService, TERMINATOR);
    }

    static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    public static String authorization(String secretId, String date, String service, String signedHeaders,
                                       String signature) {
        return ALGORITHM + " Credential=" + secretId + "/" + date + "/" + service + "/" + TERMINATOR
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    /**
     * The Authorization header of a POST with a JSON body, signed over content-type and host the way the SDKs
     * do it. For clients (tests, the benchmark); the server verifies through {@link RequestAuthenticator}.
     */
    public static String signPost(String secretId, String secretKey, String host, String service, long timestamp,
                                  String contentType, byte[] body) {
        return signPost(secretId, signingKey(secretKey, date(timestamp), service), host, service, timestamp,
                contentType, body);
    }

    /** As above, with the day's {@link #signingKey} already derived (a client sending many requests keeps it). */
    public static String signPost(String secretId, byte[] signingKey, String host, String service, long timestamp,
                                  String contentType, byte[] body) {
        String headers = "content-type:" + contentType + "\nhost:" + host + "\n";
        String canonical = canonicalRequest("POST", "", headers, "content-type;host", body);
        String date = date(timestamp);
        String signature = signature(signingKey, stringToSign(timestamp, date, service, canonical));
        return authorization(secretId, date, service, "content-type;host", signature);
    }

    static String sha256Hex(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HEX.formatHex(digest.digest(data));
    }

    private static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a key", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    interface Factory<T> {
        T create() throws GeneralSecurityException;
    }

    static <T> T newInstance(Factory<T> factory) {
        try {
            return factory.create();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks a standard algorithm", e);
        }
    }
}
