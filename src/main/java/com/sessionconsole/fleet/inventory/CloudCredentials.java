package com.sessionconsole.fleet.inventory;

import java.util.Objects;

/**
 * Where a Tencent Cloud account's SecretId and SecretKey come from: each from an environment variable, a file or
 * (typed into the window) the inventory itself; or both from a profile of the SDK's credentials file
 * ({@code ~/.tencentcloud/credentials} style); or, with nothing given, the SDK's own chain
 * (TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, then {@code ~/.tencentcloud/credentials}).
 * {@link #toString()} never shows a value.
 *
 * @param profile     a section of the profile file, or null when the secrets are given
 * @param profileFile the profile file; null for the SDK's default, {@value #DEFAULT_PROFILE_FILE}
 */
public record CloudCredentials(Secret secretId, Secret secretKey, String profile, String profileFile) {
    public static final String DEFAULT_PROFILE_FILE = "~/.tencentcloud/credentials";
    public static final CloudCredentials SDK_DEFAULT = new CloudCredentials(Secret.NONE, Secret.NONE, null, null);

    public CloudCredentials {
        secretId = secretId == null ? Secret.NONE : secretId;
        secretKey = secretKey == null ? Secret.NONE : secretKey;
        profile = profile == null || profile.isBlank() ? null : profile.strip();
        profileFile = profileFile == null || profileFile.isBlank() ? null : profileFile.strip();
        if (profile != null && (secretId.source() != Secret.Source.NONE || secretKey.source() != Secret.Source.NONE)) {
            throw new IllegalArgumentException("profile: give a profile or the SecretId and SecretKey, not both");
        }
        if (profile == null && profileFile != null) {
            throw new IllegalArgumentException("profileFile: name the profile too (profile: default)");
        }
        if (profile != null && !profile.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("profile: '" + profile + "' is not a profile name (letters, digits,"
                    + " '_', '-', '.')");
        }
        if (secretId.source() != Secret.Source.NONE && secretId.reference().isBlank()) {
            throw new IllegalArgumentException("secretId: must not be empty");
        }
        if (secretKey.source() != Secret.Source.NONE && secretKey.reference().isBlank()) {
            throw new IllegalArgumentException("secretKey: must not be empty");
        }
        if ((secretId.source() == Secret.Source.NONE) != (secretKey.source() == Secret.Source.NONE)) {
            throw new IllegalArgumentException("secretKey: give both the SecretId and the SecretKey, or neither (then"
                    + " TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY or the profile file)");
        }
    }

    public static CloudCredentials profile(String name, String file) {
        return new CloudCredentials(Secret.NONE, Secret.NONE, Objects.requireNonNull(name, "profile"), file);
    }

    public static CloudCredentials of(Secret secretId, Secret secretKey) {
        return new CloudCredentials(secretId, secretKey, null, null);
    }

    /** Neither secrets nor a profile: the SDK's environment variables, then its profile file. */
    public boolean sdkDefault() {
        return profile == null && secretId.source() == Secret.Source.NONE;
    }

    /** The profile file to read, {@code ~} expanded to the user's home. */
    public String profilePath() {
        String file = profileFile == null ? DEFAULT_PROFILE_FILE : profileFile;
        return file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file;
    }

    @Override
    public String toString() {
        if (profile != null) {
            return "profile " + profile + " of " + (profileFile == null ? DEFAULT_PROFILE_FILE : profileFile);
        }
        return sdkDefault() ? "the SDK's default chain" : "SecretId " + secretId + ", SecretKey " + secretKey;
    }
}
