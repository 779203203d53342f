package com.sessionconsole.fleet.backend;

import com.sessionconsole.fleet.inventory.InstanceConfig;

/**
 * Makes the backend of each configured instance. Front ends pass one to the KillSession service, which owns it
 * from then on and closes it last; a factory may hold what its backends share (threads, rate limits).
 */
@FunctionalInterface
public interface BackendFactory extends AutoCloseable {

    /**
     * @param consoleConnections where the backend records the connections it opens, and learns those of other
     *                           consoles, so that none is ever killed
     */
    InstanceBackend open(InstanceConfig config, ConsoleConnections consoleConnections);

    /** Releases what the backends share, once every backend is closed. */
    @Override
    default void close() {
    }
}
