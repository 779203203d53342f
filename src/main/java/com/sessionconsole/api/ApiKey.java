package com.sessionconsole.api;

import com.sessionconsole.killsession.Caller;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One API key of the keys file. {@link #toString()} never shows the SecretKey, so a key can be logged.
 *
 * @param instanceIds the instances it may touch; empty for all
 */
public record ApiKey(String secretId, String secretKey, Permission permission, Set<String> instanceIds) {
    static final int MIN_SECRET_KEY_LENGTH = 16;
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_-]{4,128}");

    /** What a key may do. */
    public enum Permission {
        /** The Describe actions only. */
        READ_ONLY("read-only"),
        /** The Describe actions and KillSession. */
        KILL("kill");

        private final String yamlName;

        Permission(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        static Permission fromYaml(String value) {
            for (Permission permission : values()) {
                if (permission.yamlName.equals(value)) {
                    return permission;
                }
            }
            throw new IllegalArgumentException("permission: '" + value + "' (expected read-only or kill)");
        }
    }

    public ApiKey {
        if (secretId == null || !SECRET_ID.matcher(secretId).matches()) {
            throw new IllegalArgumentException("secretId: must be 4 to 128 letters, digits, '_' or '-'");
        }
        Objects.requireNonNull(secretKey, "secretKey");
        if (secretKey.length() < MIN_SECRET_KEY_LENGTH) {
            throw new IllegalArgumentException("secretKey: too short (at least " + MIN_SECRET_KEY_LENGTH
                    + " characters; a random 32 is usual)");
        }
        Objects.requireNonNull(permission, "permission");
        instanceIds = instanceIds == null ? Set.of() : Set.copyOf(instanceIds);
    }

    /** The caller the KillSession service sees: the audit log records {@code api:<SecretId>}. */
    public Caller caller() {
        return new Caller("api:" + secretId, permission == Permission.KILL, instanceIds);
    }

    @Override
    public String toString() {
        return "ApiKey[" + secretId + ", " + permission.yamlName() + ", instances=" + (instanceIds.isEmpty() ? "all"
                : instanceIds) + "]";
    }
}
