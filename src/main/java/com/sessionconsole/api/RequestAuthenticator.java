package com.sessionconsole.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.killsession.audit.RequestLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Checks who sent a request, in either form of the contract: TC3-HMAC-SHA256 (Authorization header, JSON body
 * or GET query) or legacy v1 (Signature among the GET / form parameters). The signature is checked over the
 * bytes as received, before the body is parsed, so nothing unauthenticated is interpreted beyond its envelope.
 */
final class RequestAuthenticator {
    static final long WINDOW_SECONDS = 300;
    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);
    private static final int MAX_SIGNING_KEYS = 1024;
    private static final Pattern NONCE = Pattern.compile("\\d{1,19}");
    /**
     * Headers that decide how a request is read or checked, in both forms: sent twice, they leave open which
     * value the client signed (and the first one would silently win), so such a request is not authenticated.
     */
    private static final List<String> SINGLE_HEADERS = List.of("Authorization", "Content-Type", "Host", "X-TC-Action",
            "X-TC-Version", "X-TC-Timestamp", "X-TC-Region", "X-TC-Token", "X-TC-Language", "X-TC-Content-SHA256",
            "X-TC-RequestClient");
    private static final Set<String> V1_COMMON = Set.of("Action", "Version", "Region", "Timestamp", "Nonce",
            "SecretId", "SignatureMethod", "Signature", "Token", "Language", "RequestClient");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ApiKeys keys;
    private final Clock clock;
    /** The replicas' shared ledger of requests already used, or null when this server checks replays alone. */
    private final RequestLedger ledger;
    private final AtomicLong ledgerWarned = new AtomicLong();
    private final NonceCache nonces = new NonceCache(WINDOW_SECONDS);
    private final Tc3ReplayCache signatures = new Tc3ReplayCache(WINDOW_SECONDS, Tc3ReplayCache.MAX_PER_KEY);
    /** Derived signing keys by SecretId, date and declared service: three HMACs saved per request. */
    private final Map<SigningScope, byte[]> signingKeys = new ConcurrentHashMap<>();

    /** What kSigning depends on (the key record includes its SecretKey). */
    private record SigningScope(ApiKey key, String date, String service) {
    }

    /**
     * kSigning for a key, date and service, from the cache or derived. It enters the cache only once a request
     * signed with it has been verified ({@link #remember}), so unsigned traffic cannot churn the cache; the
     * cache is bounded all the same and starts over when full, which costs the next requests three HMACs.
     */
    private byte[] signingKey(SigningScope scope) {
        byte[] cached = signingKeys.get(scope);
        return cached != null ? cached
                : Tc3Signature.signingKey(scope.key().secretKey(), scope.date(), scope.service());
    }

    private void remember(SigningScope scope, byte[] signingKey) {
        if (!signingKeys.containsKey(scope)) {
            if (signingKeys.size() >= MAX_SIGNING_KEYS) {
                signingKeys.clear();
            }
            signingKeys.put(scope, signingKey);
        }
    }

    /** @param ledger the requests already used, shared by every replica on the audit store; null for none */
    RequestAuthenticator(ApiKeys keys, Clock clock, RequestLedger ledger) {
        this.keys = keys;
        this.clock = clock;
        this.ledger = ledger;
    }

    /**
     * @param arrivedNanos  when the request reached the server, on the server's nano ticker (for TC3 replays)
     * @param arrivedMillis the same moment on the server's wall clock (for the ledger shared with other replicas)
     */
    SignedRequest authenticate(RawRequest request, long arrivedNanos, long arrivedMillis) throws ApiError {
        for (String name : SINGLE_HEADERS) {
            requireOnce(request, name);
        }
        String authorization = request.header("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            return tc3(request, authorization, arrivedNanos, arrivedMillis);
        }
        return v1(request, arrivedMillis);
    }

    // ------------------------------------------------------------------ TC3-HMAC-SHA256

    private SignedRequest tc3(RawRequest request, String authorization, long arrivedNanos, long arrivedMillis)
            throws ApiError {
        boolean post = request.method().equals("POST");
        if (post && !request.mediaType().equals("application/json")) {
            throw new ApiError(ApiError.UNSUPPORTED_PROTOCOL, "Content-Type: a TC3 POST carries application/json,"
                    + " not '" + FormEncoding.printable(request.mediaType()) + "'");
        }
        Tc3Authorization auth = Tc3Authorization.parse(authorization);
        long timestamp = timestamp(request.header("X-TC-Timestamp"), "X-TC-Timestamp");
        ApiKey key = key(auth.secretId());
        checkWindow(timestamp);
        if ("UNSIGNED-PAYLOAD".equalsIgnoreCase(request.header("X-TC-Content-SHA256"))) {
            throw new ApiError(ApiError.AUTH_INVALID_AUTHORIZATION, "X-TC-Content-SHA256: UNSIGNED-PAYLOAD is refused;"
                    + " the body must be signed");
        }
        StringBuilder headers = new StringBuilder();
        for (String name : auth.signedHeaders().split(";")) {
            requireOnce(request, name);
            String value = request.header(name);
            if (value == null) {
                throw new ApiError(ApiError.AUTH_SIGNATURE_FAILURE, "SignedHeaders names '" + FormEncoding.printable(name)
                        + "', which the request does not carry");
            }
            headers.append(name).append(':').append(value.strip().toLowerCase(Locale.ROOT)).append('\n');
        }
        String query = post || request.rawQuery() == null ? "" : request.rawQuery();
        String canonical = Tc3Signature.canonicalRequest(request.method(), query, headers.toString(),
                auth.signedHeaders(), request.body());
        SigningScope scope = new SigningScope(key, auth.date(), auth.service());
        byte[] signingKey = signingKey(scope);
        String expected = Tc3Signature.signature(signingKey,
                Tc3Signature.stringToSign(timestamp, auth.date(), auth.service(), canonical));
        if (!constantTimeEquals(expected, auth.signature())) {
            throw new ApiError(ApiError.AUTH_SIGNATURE_FAILURE, "the signature does not match (check the SecretKey,"
                    + " the Host and Content-Type headers as signed, and the body bytes)");
        }
        if (!auth.date().equals(Tc3Signature.date(timestamp))) {
            throw new ApiError(ApiError.AUTH_SIGNATURE_FAILURE, "the credential scope's date " + auth.date()
                    + " is not the UTC date of X-TC-Timestamp");
        }
        remember(scope, signingKey);
        Tc3ReplayCache.Verdict verdict = signatures.check(auth.secretId(), expected, timestamp,
                clock.instant().getEpochSecond(), arrivedNanos);
        if (verdict == Tc3ReplayCache.Verdict.FIRST && ledger != null) {
            // New to this replica: another may have served it already.
            long first = claim("tc3", auth.secretId(), expected, timestamp + WINDOW_SECONDS, arrivedMillis,
                    "KillSession".equals(request.header("X-TC-Action")));
            if (first != RequestLedger.FIRST) {
                long earlierMillis = Math.max(0, arrivedMillis - first);
                signatures.backdate(auth.secretId(), expected, earlierMillis * 1_000_000L);
                if (earlierMillis > Tc3ReplayCache.REPEAT_GRACE_NANOS / 1_000_000L) {
                    verdict = Tc3ReplayCache.Verdict.REPLAY;
                }
            }
        }
        switch (verdict) {
            case REPLAY -> throw new ApiError(ApiError.AUTH_INVALID_AUTHORIZATION, "replayed request: "
                    + auth.secretId() + " already sent this signed request more than "
                    + Tc3ReplayCache.REPEAT_GRACE_NANOS / 1_000_000_000L + " s ago; sign each request anew");
            case FULL -> throw new ApiError(ApiError.REQUEST_LIMIT_EXCEEDED, auth.secretId() + " sent more than "
                    + Tc3ReplayCache.MAX_PER_KEY + " distinct requests within " + WINDOW_SECONDS + " s");
            default -> {
            }
        }
        String action = required(request.header("X-TC-Action"), "X-TC-Action");
        String version = required(request.header("X-TC-Version"), "X-TC-Version");
        ObjectNode params = post ? jsonBody(request.body()) : FormEncoding.unflatten(FormEncoding.decode(request.rawQuery()));
        return new SignedRequest(action, version, key, params, Tc3Signature.ALGORITHM);
    }

    private static ObjectNode jsonBody(byte[] body) throws ApiError {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(ApiError.INVALID_PARAMETER_VALUE, "the body is not valid JSON: "
                    + FormEncoding.printable(e.getOriginalMessage()) + locate(e));
        } catch (IOException e) {
            throw new ApiError(ApiError.INVALID_PARAMETER_VALUE, "the body is not valid JSON");
        }
        if (!(tree instanceof ObjectNode)) {
            throw new ApiError(ApiError.INVALID_PARAMETER_VALUE, "the body must be a JSON object of parameters");
        }
        return (ObjectNode) tree;
    }

    private static String locate(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    // ------------------------------------------------------------------ legacy v1

    private SignedRequest v1(RawRequest request, long arrivedMillis) throws ApiError {
        Map<String, String> params;
        if (request.method().equals("POST")) {
            if (!request.mediaType().equals("application/x-www-form-urlencoded")) {
                throw new ApiError(ApiError.UNSUPPORTED_PROTOCOL, "Content-Type: a POST without an Authorization"
                        + " header is the v1 form and carries application/x-www-form-urlencoded, not '"
                        + FormEncoding.printable(request.mediaType()) + "'");
            }
            params = FormEncoding.decode(new String(request.body(), StandardCharsets.UTF_8));
        } else {
            params = FormEncoding.decode(request.rawQuery());
        }
        if (!params.containsKey("Signature") && !params.containsKey("SecretId")) {
            throw new ApiError(ApiError.AUTH_INVALID_AUTHORIZATION, "the request is not signed: send an"
                    + " Authorization header (TC3-HMAC-SHA256) or the v1 parameters SecretId, Timestamp, Nonce, Signature");
        }
        String secretId = required(params.get("SecretId"), "SecretId");
        String signature = required(params.get("Signature"), "Signature");
        long timestamp = timestamp(params.get("Timestamp"), "Timestamp");
        String nonce = required(params.get("Nonce"), "Nonce");
        if (!NONCE.matcher(nonce).matches()) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "Nonce: must be a positive integer");
        }
        String method = params.getOrDefault("SignatureMethod", V1Signature.HMAC_SHA1);
        if (!method.equals(V1Signature.HMAC_SHA1) && !method.equals(V1Signature.HMAC_SHA256)) {
            throw new ApiError(ApiError.INVALID_PARAMETER, "SignatureMethod: '" + FormEncoding.printable(method)
                    + "' (expected HmacSHA1 or HmacSHA256)");
        }
        ApiKey key = key(secretId);
        checkWindow(timestamp);
        TreeMap<String, String> signed = new TreeMap<>(params);
        signed.remove("Signature");
        String host = required(request.header("Host"), "Host");
        String text = V1Signature.stringToSign(request.method(), host, request.path(), signed);
        if (!constantTimeEquals(V1Signature.sign(key.secretKey(), method, text), signature)
                && !matchesUnderscoreVariant(key, method, request, host, signed, signature)) {
            throw new ApiError(ApiError.AUTH_SIGNATURE_FAILURE, "the signature does not match (v1 " + method
                    + ": check the SecretKey, the Host header and that values are signed unencoded)");
        }
        long now = clock.instant().getEpochSecond();
        if (!nonces.firstUse(secretId, nonce, timestamp, now) || ledger != null && claim("v1", secretId, nonce,
                Math.max(timestamp, now) + WINDOW_SECONDS, arrivedMillis, "KillSession".equals(params.get("Action")))
                != RequestLedger.FIRST) {
            throw new ApiError(ApiError.AUTH_INVALID_AUTHORIZATION, "Nonce " + nonce + " was already used by "
                    + secretId + " within the last " + WINDOW_SECONDS + " s: a replayed request is refused");
        }
        String action = required(params.get("Action"), "Action");
        String version = required(params.get("Version"), "Version");
        params.keySet().removeAll(V1_COMMON);
        return new SignedRequest(action, version, key, FormEncoding.unflatten(params), method);
    }

    /** The Java SDK signs parameter names with '_' replaced by '.': accept that spelling too. */
    private static boolean matchesUnderscoreVariant(ApiKey key, String method, RawRequest request, String host,
                                                    TreeMap<String, String> signed, String signature) {
        if (signed.keySet().stream().noneMatch(name -> name.indexOf('_') >= 0)) {
            return false;
        }
        TreeMap<String, String> variant = new TreeMap<>();
        signed.forEach((name, value) -> variant.put(name.replace('_', '.'), value));
        String text = V1Signature.stringToSign(request.method(), host, request.path(), variant);
        return constantTimeEquals(V1Signature.sign(key.secretKey(), method, text), signature);
    }

    // ------------------------------------------------------------------ shared

    /**
     * Asks the ledger shared with the other replicas about a request new to this one: {@link RequestLedger#FIRST},
     * or when another process first received it. When the store cannot answer, a KillSession is refused (it
     * could not be audited either) and any other action goes on, checked by this replica alone.
     */
    private long claim(String form, String secretId, String unique, long expiresAt, long arrivedMillis,
                       boolean kill) throws ApiError {
        byte[] key;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            key = Arrays.copyOf(sha.digest((form + "\n" + secretId + "\n" + unique).getBytes(StandardCharsets.UTF_8)),
                    16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
        try {
            return ledger.claim(key, arrivedMillis, expiresAt);
        } catch (IOException e) {
            if (kill) {
                throw new ApiError(ApiError.OPERATE_DATABASE_FAILED, "the audit store could not be asked whether"
                        + " another replica already served this request, so nothing was killed; retry later");
            }
            long now = System.nanoTime();
            long last = ledgerWarned.get();
            if ((last == 0 || now - last > 60_000_000_000L) && ledgerWarned.compareAndSet(last, now)) {
                LOG.warn("the shared request ledger cannot be read ({}); replays across replicas are not checked"
                        + " until it can (KillSession is refused meanwhile)", e.getMessage());
            }
            return RequestLedger.FIRST;
        }
    }

    private static void requireOnce(RawRequest request, String header) throws ApiError {
        if (request.headers().count(header) > 1) {
            throw new ApiError(ApiError.AUTH_INVALID_AUTHORIZATION, "the header " + FormEncoding.printable(header)
                    + " is sent " + request.headers().count(header) + " times; a request that the server"
                    + " authenticates carries it once, so that what was signed is what is read");
        }
    }

    private ApiKey key(String secretId) throws ApiError {
        return keys.find(secretId).orElseThrow(() -> new ApiError(ApiError.AUTH_SECRET_ID_NOT_FOUND,
                "SecretId " + FormEncoding.printable(secretId) + " is not known to this server"));
    }

    private void checkWindow(long timestamp) throws ApiError {
        long skew = clock.instant().getEpochSecond() - timestamp;
        if (Math.abs(skew) > WINDOW_SECONDS) {
            throw new ApiError(ApiError.AUTH_SIGNATURE_EXPIRE, "the request's timestamp " + timestamp + " is "
                    + Math.abs(skew) + " s " + (skew > 0 ? "behind" : "ahead of") + " the server's clock (at most "
                    + WINDOW_SECONDS + " s allowed)");
        }
    }

    private static long timestamp(String value, String name) throws ApiError {
        String text = required(value, name);
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new ApiError(ApiError.INVALID_PARAMETER, name + ": '" + FormEncoding.printable(text)
                    + "' is not a unix timestamp in seconds");
        }
    }

    private static String required(String value, String name) throws ApiError {
        if (value == null || value.isBlank()) {
            throw new ApiError(ApiError.MISSING_PARAMETER, name + " is required");
        }
        return value;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
