package com.sessionconsole.api;

import java.util.regex.Pattern;

/**
 * The parts of a TC3 Authorization header:
 * {@code TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex}.
 * The service is whatever the client declared (the Java SDK may declare {@code 127} for 127.0.0.1): the
 * signature is verified with the declared scope.
 */
record Tc3Authorization(String secretId, String date, String service, String signedHeaders, String signature) {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern SIGNED_HEADERS = Pattern.compile("[a-z0-9-]+(;[a-z0-9-]+)*");

    static Tc3Authorization parse(String header) throws ApiError {
        String prefix = Tc3Signature.ALGORITHM + " ";
        if (!header.startsWith(prefix)) {
            throw invalid("Authorization: only " + Tc3Signature.ALGORITHM + " is accepted");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(prefix.length()).split(",")) {
            String item = part.strip();
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw invalid("Authorization: '" + FormEncoding.printable(item) + "' is not name=value");
            }
            String name = item.substring(0, eq);
            String value = item.substring(eq + 1);
            switch (name) {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: throw invalid("Authorization: unknown part '" + FormEncoding.printable(name) + "'");
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw invalid("Authorization: needs Credential, SignedHeaders and Signature");
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 4 || !scope[3].equals(Tc3Signature.TERMINATOR) || scope[0].isEmpty()
                || !DATE.matcher(scope[1]).matches() || scope[2].isEmpty()) {
            throw invalid("Authorization: Credential must be SecretId/yyyy-MM-dd/service/tc3_request");
        }
        if (!SIGNED_HEADERS.matcher(signedHeaders).matches()) {
            throw invalid("Authorization: SignedHeaders must be lower-case header names joined by ';'");
        }
        if (!(";" + signedHeaders + ";").contains(";host;") || !(";" + signedHeaders + ";").contains(";content-type;")) {
            throw invalid("Authorization: SignedHeaders must include content-type and host");
        }
        return new Tc3Authorization(scope[0], scope[1], scope[2], signedHeaders, signature);
    }

    private static ApiError invalid(String message) {
        return new ApiError(ApiError.AUTH_INVALID_AUTHORIZATION, message);
    }
}
