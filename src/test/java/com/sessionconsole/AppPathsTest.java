package com.sessionconsole;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppPathsTest {

    @Test
    void pathsFollowThePlatformConventions() {
        Path home = Path.of("/home/dba");
        assertThat(AppPaths.configDir(Map.of(), "Linux", home)).isEqualTo(Path.of("/home/dba/.config/session-console"));
        assertThat(AppPaths.configDir(Map.of("XDG_CONFIG_HOME", "/cfg"), "Linux", home))
                .isEqualTo(Path.of("/cfg/session-console"));
        assertThat(AppPaths.configDir(Map.of("XDG_CONFIG_HOME", "relative"), "Linux", home))
                .isEqualTo(Path.of("/home/dba/.config/session-console"));
        assertThat(AppPaths.dataDir(Map.of(), "Linux", home)).isEqualTo(Path.of("/home/dba/.local/share/session-console"));
        assertThat(AppPaths.dataDir(Map.of("XDG_DATA_HOME", "/data"), "Linux", home))
                .isEqualTo(Path.of("/data/session-console"));
        assertThat(AppPaths.configDir(Map.of(), "Mac OS X", home))
                .isEqualTo(Path.of("/home/dba/Library/Application Support/session-console"));
    }
}
