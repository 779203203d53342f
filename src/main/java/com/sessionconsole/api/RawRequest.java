package com.sessionconsole.api;

import java.util.function.UnaryOperator;

/**
 * An HTTP request as the authenticator needs it, independent of the HTTP server.
 *
 * @param rawQuery the query string exactly as sent (still URL-encoded), or null
 * @param headers  header name (any case) to its first value, or null when absent
 */
record RawRequest(String method, String path, String rawQuery, UnaryOperator<String> headers, byte[] body) {

    String header(String name) {
        return headers.apply(name);
    }

    /** The media type without parameters, lower-cased: {@code application/json} for {@code application/json; charset=utf-8}. */
    String mediaType() {
        String type = header("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
    }
}
