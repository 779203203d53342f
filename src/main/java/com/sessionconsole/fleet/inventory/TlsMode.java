package com.sessionconsole.fleet.inventory;

import java.util.Locale;

/**
 * Whether a shard's connections use TLS, as the MySQL client's {@code --ssl-mode} says it. The certificate is not
 * checked in any mode (as {@code --ssl-mode=REQUIRED}): the inventory has no CA of its own yet.
 */
public enum TlsMode {
    /** TLS when the server offers it, plain otherwise: the driver's and the mysql client's default. */
    PREFERRED,
    /** TLS or no connection: a server without TLS is reported unreachable rather than spoken to in clear. */
    REQUIRED,
    /**
     * No TLS: for a fleet on a trusted network, where a cold start over 1,000 shards would otherwise pay 1,000
     * TLS handshakes (each some ms of the console's CPU and tens of ms of the server's).
     */
    DISABLED;

    /** The inventory's spelling: {@code preferred}, {@code required}, {@code disabled}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode the inventory names, or null for a word that is none. */
    public static TlsMode ofYaml(String text) {
        for (TlsMode mode : values()) {
            if (mode.yamlName().equals(text)) {
                return mode;
            }
        }
        return null;
    }
}
