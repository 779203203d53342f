package com.sessionconsole.cli;

import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.killsession.audit.AuditStoreFactory;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What the launcher gives the command line: where the inventory and the data live unless an option says
 * otherwise, the version to print, and how each service it opens reaches the shards.
 *
 * @param backends makes a fresh backend factory for each service opened (the service owns and closes it)
 * @param audits   opens the audit store the inventory's settings name
 */
public record Launch(Path defaultInventory, Path defaultDataDir, String version, Supplier<BackendFactory> backends,
                     AuditStoreFactory audits) {
}
