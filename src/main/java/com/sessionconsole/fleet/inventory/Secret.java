package com.sessionconsole.fleet.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a password or secret key comes from. The value itself is read only when a connection is made,
 * and {@link #toString()} never shows it, so a Secret can be logged, audited or shown safely.
 */
public record Secret(Source source, String reference) {

    public enum Source { ENV, FILE, PLAIN, NONE }

    public Secret {
        Objects.requireNonNull(source, "source");
        reference = reference == null ? "" : reference;
    }

    public static final Secret NONE = new Secret(Source.NONE, "");

    public static Secret env(String variable) {
        return new Secret(Source.ENV, variable);
    }

    public static Secret file(String path) {
        return new Secret(Source.FILE, path);
    }

    public static Secret plain(String value) {
        return new Secret(Source.PLAIN, value);
    }

    /** Reads the secret now. Fails with a message that names the variable or file, never the value. */
    public String resolve() {
        switch (source) {
            case NONE:
                return "";
            case PLAIN:
                return reference;
            case ENV: {
                String value = System.getenv(reference);
                if (value == null) {
                    throw new IllegalStateException("environment variable " + reference + " is not set");
                }
                return value;
            }
            case FILE: {
                try {
                    return Files.readString(Path.of(reference), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read password file " + reference + ": " + e.getMessage());
                }
            }
            default:
                throw new IllegalStateException(source.name());
        }
    }

    @Override
    public String toString() {
        switch (source) {
            case ENV: return "env:" + reference;
            case FILE: return "file:" + reference;
            case PLAIN: return "plain:****";
            default: return "none";
        }
    }
}
