package com.sessionconsole;

import com.sessionconsole.auditdb.DatabaseAuditStore;
import com.sessionconsole.fleet.inventory.AuditSettings;
import com.sessionconsole.killsession.audit.AuditStore;
import com.sessionconsole.killsession.audit.AuditStoreFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The audit stores the console ships: the JSON Lines file store in the data directory, the default; or a
 * MySQL / MariaDB database shared by every console and {@code serve} replica that names it.
 */
public final class StandardAuditStores implements AuditStoreFactory {

    @Override
    public AuditStore open(AuditSettings settings, Path dataDir, int recentTasks) throws IOException {
        if (settings.database() != null) {
            return DatabaseAuditStore.open(settings.database(), recentTasks);
        }
        return AuditStoreFactory.files().open(settings, dataDir, recentTasks);
    }
}
