package com.sessionconsole;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the console keeps its inventory (config) and its tasks and audit log (data), by platform
 * convention: XDG on Linux, Application Support on macOS, %APPDATA% / %LOCALAPPDATA% on Windows.
 */
public final class AppPaths {
    public static final String APP_DIR = "session-console";
    public static final String INVENTORY_FILE = "inventory.yaml";

    private AppPaths() {
    }

    public static Path defaultInventory() {
        return configDir(System.getenv(), System.getProperty("os.name"), userHome()).resolve(INVENTORY_FILE);
    }

    public static Path defaultDataDir() {
        return dataDir(System.getenv(), System.getProperty("os.name"), userHome());
    }

    static Path configDir(Map<String, String> env, String osName, Path home) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return Path.of(env.getOrDefault("APPDATA", home.resolve("AppData/Roaming").toString()), APP_DIR);
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library/Application Support").resolve(APP_DIR);
        }
        return xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve(APP_DIR);
    }

    static Path dataDir(Map<String, String> env, String osName, Path home) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return Path.of(env.getOrDefault("LOCALAPPDATA", home.resolve("AppData/Local").toString()), APP_DIR);
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library/Application Support").resolve(APP_DIR);
        }
        return xdg(env, "XDG_DATA_HOME", home.resolve(".local/share")).resolve(APP_DIR);
    }

    private static Path xdg(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        // The XDG spec says a relative value is invalid and must be ignored.
        return value != null && !value.isBlank() && Path.of(value).isAbsolute() ? Path.of(value) : fallback;
    }

    private static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }
}
