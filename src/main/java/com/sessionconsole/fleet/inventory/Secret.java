package com.sessionconsole.fleet.inventory;

import java.io.IOException;
import java.io.InputStream;
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

    /** A secret file holds one line; a file larger than this is not a secret file (it could be /dev/zero). */
    static final int MAX_FILE_BYTES = 64 * 1024;

    /**
     * Why the secret cannot be read now, or null when it can: an unset variable, or a file that is missing, not
     * a regular file or not readable. Names the variable or file, never the value.
     */
    public String problem() {
        switch (source) {
            case ENV:
                return System.getenv(reference) == null ? "environment variable " + reference + " is not set" : null;
            case FILE: {
                Path path = Path.of(reference);
                if (!Files.exists(path)) {
                    return "no such file: " + reference;
                }
                if (!Files.isRegularFile(path)) {
                    return reference + " is not a regular file";
                }
                return Files.isReadable(path) ? null : reference + " is not readable by this user";
            }
            default:
                return null;
        }
    }

    /** The first line of a regular file, read with a bound: a FIFO or a device is refused, never waited on. */
    private static String firstLine(Path path) {
        String problem = file(path.toString()).problem();
        if (problem != null) {
            throw new IllegalStateException("password file: " + problem);
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(MAX_FILE_BYTES);
            String text = new String(head, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return (newline < 0 ? text : text.substring(0, newline)).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read password file " + path + ": " + e.getMessage());
        }
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
            case FILE:
                return firstLine(Path.of(reference));
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
