package com.sessionconsole.fleet.backend;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections Session Console processes hold to the servers they manage, so that no console kills one: its
 * own, or another's that shares its audit store (a {@code serve} beside the window). A server is named by what it
 * says of itself (its host name and port), so that two shard entries of one server agree on it.
 */
public interface ConsoleConnections {

    /** Records a connection of this process, before it is used. */
    void opened(String server, long threadId);

    /** Forgets a connection of this process once it is closed. */
    void closed(String server, long threadId);

    /** What every console holds now: read once for a listing or a kill decision, then asked per session. */
    View current();

    /** The console connections at one moment. */
    @FunctionalInterface
    interface View {
        boolean isConsole(String server, long threadId);
    }

    /** This process's connections only: for a console that shares its store with no other. */
    static ConsoleConnections inProcess() {
        Set<String> held = ConcurrentHashMap.newKeySet();
        return new ConsoleConnections() {
            @Override
            public void opened(String server, long threadId) {
                held.add(server + " " + threadId);
            }

            @Override
            public void closed(String server, long threadId) {
                held.remove(server + " " + threadId);
            }

            @Override
            public View current() {
                return (server, threadId) -> held.contains(server + " " + threadId);
            }
        };
    }
}
