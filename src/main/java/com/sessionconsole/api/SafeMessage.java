package com.sessionconsole.api;

import java.util.regex.Pattern;

/**
 * What of the service's failure texts may reach an API answer. Operator-meaningful texts ("interrupted ...",
 * "shard ... unreachable: ...") pass; a text that starts with "internal error" carries an exception's toString
 * and is replaced by a generic one (the server log has it), and local file paths are masked in any text.
 */
final class SafeMessage {
    static final String INTERNAL = "internal error; the server log has the details";
    /** An absolute path of two or more segments, not part of a URL or a host:port/ suffix. */
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/-])/(?:[\\w.@+-]+/)+[\\w.@+-]*");

    private SafeMessage() {
    }

    static boolean internal(String text) {
        return text != null && text.startsWith("internal error");
    }

    static String of(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return internal(text) ? INTERNAL : PATH.matcher(text).replaceAll("<path>");
    }
}
