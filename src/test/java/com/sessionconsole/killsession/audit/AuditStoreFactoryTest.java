package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.inventory.AuditDatabase;
import com.sessionconsole.fleet.inventory.AuditSettings;
import com.sessionconsole.fleet.inventory.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inventory's audit settings reach the store: the file store rotates at the size they give. */
class AuditStoreFactoryTest {
    @TempDir
    Path dir;

    @Test
    void theFileStoreRotatesAtTheSettingsSize() throws Exception {
        AuditSettings oneMiB = new AuditSettings(1024 * 1024, 0, null);
        String longActor = "window:" + "x".repeat(100_000); // about 100 KB per intent: a few tasks fill a MiB
        try (AuditStore store = AuditStoreFactory.files().open(oneMiB, dir, 10)) {
            for (int i = 0; i < 15; i++) {
                store.begin(new TaskIntent(Instant.now(), longActor, "tdsqlshard-x", "shard-x1", null,
                        KillMode.CONNECTION, List.of(1L + i)));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.matches("audit\\.\\d+\\.jsonl"));
        }
    }

    @Test
    void theFileFactoryRefusesADatabaseItCannotOpen() {
        AuditSettings database = new AuditSettings(AuditSettings.DEFAULT_SEGMENT_BYTES, 1,
                new AuditDatabase("10.0.0.5", 3306, "audit", Secret.NONE, "session_console"));
        assertThatThrownBy(() -> AuditStoreFactory.files().open(database, dir, 10))
                .hasMessageContaining("settings.audit.store");
    }
}
