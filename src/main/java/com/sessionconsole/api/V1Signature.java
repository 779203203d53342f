package com.sessionconsole.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The legacy v1 signature (HmacSHA1 / HmacSHA256) of the KillSession doc example: Base64 of an HMAC over
 * METHOD + host + path + "?" + the parameters but Signature, sorted by name, with raw (not encoded) values.
 */
public final class V1Signature {
    public static final String HMAC_SHA1 = "HmacSHA1";
    public static final String HMAC_SHA256 = "HmacSHA256";

    private V1Signature() {
    }

    /** The string to sign; {@code params} must not hold Signature. */
    public static String stringToSign(String method, String host, String path, SortedMap<String, String> params) {
        StringBuilder text = new StringBuilder(256).append(method).append(host).append(path).append('?');
        boolean first = true;
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (!first) {
                text.append('&');
            }
            text.append(param.getKey()).append('=').append(param.getValue());
            first = false;
        }
        return text.toString();
    }

    /** Base64(HMAC(secretKey, text)); {@code method} is HmacSHA256, anything else means HmacSHA1 (the contract). */
    public static String sign(String secretKey, String method, String text) {
        String algorithm = HMAC_SHA256.equals(method) ? HMAC_SHA256 : HMAC_SHA1;
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
