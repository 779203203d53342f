package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.inventory.AuditSettings;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the audit store an inventory's settings name: the file store in the data directory, or a database. */
@FunctionalInterface
public interface AuditStoreFactory {

    /**
     * @param dataDir     where the file store keeps its files (and a database store nothing)
     * @param recentTasks how many of the newest tasks a store keeps in memory
     */
    AuditStore open(AuditSettings settings, Path dataDir, int recentTasks) throws IOException;

    /** The file store only: settings that name a database are refused with a message that says so. */
    static AuditStoreFactory files() {
        return (settings, dataDir, recentTasks) -> {
            if (settings.database() != null) {
                throw new IOException("settings.audit.store: a database audit store is not available in this build");
            }
            return FileAuditStore.open(dataDir, recentTasks, new AuditFileOptions(settings.segmentBytes(),
                    settings.keepSegments()));
        };
    }
}
