package com.sessionconsole.api;

import java.util.Locale;

/**
 * An HTTP request as the authenticator needs it, independent of the HTTP server.
 *
 * @param rawQuery the query string exactly as sent (still URL-encoded), or null
 */
record RawRequest(String method, String path, String rawQuery, Headers headers, byte[] body) {

    /** The request's headers, by name in any case. */
    interface Headers {
        /** The first value, or null when absent. */
        String first(String name);

        /** How many times the header was sent. */
        int count(String name);
    }

    String header(String name) {
        return headers.first(name);
    }

    /** The media type without parameters, lower-cased: {@code application/json} for {@code application/json; charset=utf-8}. */
    String mediaType() {
        String type = header("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
