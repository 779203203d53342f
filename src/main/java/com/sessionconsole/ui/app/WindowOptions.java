package com.sessionconsole.ui.app;

import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.killsession.audit.AuditStoreFactory;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * How the launcher asked for the window.
 *
 * @param inventoryGiven true when --inventory named the file (then it must exist)
 * @param screenshot     when set: write a PNG once the first refresh has painted, then exit
 * @param show           the tab under the sessions table to open on; null: the one the window remembers
 * @param backends       makes the backend factory of the service the window opens (the service owns it)
 * @param audits         opens the audit store the inventory's settings name
 */
public record WindowOptions(Path inventory, boolean inventoryGiven, Path dataDir, Path screenshot, LowerView show,
                            Supplier<BackendFactory> backends, AuditStoreFactory audits) {
}
