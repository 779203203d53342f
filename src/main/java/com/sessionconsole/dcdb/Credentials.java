package com.sessionconsole.dcdb;

import com.sessionconsole.common.FilePermissions;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.inventory.CloudCredentials;
import com.sessionconsole.fleet.inventory.Secret;
import com.tencentcloudapi.common.Credential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK credential an entry's {@link CloudCredentials} name, read when the first call is made. Messages name
 * the variable, file or profile, never a value.
 */
final class Credentials {
    static final String ENV_ID = "TENCENTCLOUD_SECRET_ID";
    static final String ENV_KEY = "TENCENTCLOUD_SECRET_KEY";
    /** A credentials file holds a few profiles; a larger file is not one (it could be /dev/zero). */
    private static final int MAX_PROFILE_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    /** The files already warned about, once each per process. */
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private Credentials() {
    }

    static Credential resolve(CloudCredentials credentials) throws BackendException {
        if (credentials.profile() != null) {
            return profile(Path.of(credentials.profilePath()), credentials.profile());
        }
        if (!credentials.sdkDefault()) {
            try {
                return new Credential(credentials.secretId().resolve(), credentials.secretKey().resolve());
            } catch (IllegalStateException e) {
                throw new BackendException("credentials: " + e.getMessage(), e);
            }
        }
        // The SDK's own chain: its environment variables, then the default profile of its file.
        String id = System.getenv(ENV_ID);
        String key = System.getenv(ENV_KEY);
        if (id != null && !id.isBlank() && key != null && !key.isBlank()) {
            return new Credential(id, key);
        }
        Path file = Path.of(new CloudCredentials(Secret.NONE, Secret.NONE, "default", null).profilePath());
        if (Files.isRegularFile(file)) {
            return profile(file, "default");
        }
        throw new BackendException("no credentials: give secretIdEnv / secretKeyEnv (or ...File, or a profile) in"
                + " the inventory, or set " + ENV_ID + " and " + ENV_KEY + ", or write " + CloudCredentials.DEFAULT_PROFILE_FILE,
                null);
    }

    /**
     * One profile of an INI file in the SDK's style ({@code [default]}, {@code secret_id = ...},
     * {@code secret_key = ...}), read with a bound: a FIFO or a device is refused, never waited on.
     */
    static Credential profile(Path file, String profile) throws BackendException {
        String where = "profile " + profile + " of " + file;
        if (!Files.isRegularFile(file)) {
            throw new BackendException(where + ": no such file (or not a regular file)", null);
        }
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            text = new String(in.readNBytes(MAX_PROFILE_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException(where + ": cannot read: " + e.getMessage(), e);
        }
        String section = null;
        String id = null;
        String key = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int equals = line.indexOf('=');
            if (!profile.equals(section) || equals < 0) {
                continue;
            }
            String name = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (name.equals("secret_id")) {
                id = value;
            } else if (name.equals("secret_key")) {
                key = value;
            }
        }
        if (id == null || id.isEmpty() || key == null || key.isEmpty()) {
            throw new BackendException(where + ": no [" + profile + "] section with secret_id and secret_key", null);
        }
        if (FilePermissions.readableByOthers(file) && WARNED.add(file.toAbsolutePath().normalize())) {
            LOG.warn("{} holds a secret key but is readable by group or others; chmod 600 it", file);
        }
        return new Credential(id, key);
    }
}
