package com.sessionconsole.killsession;

import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configured instances and their backends, replaced whole when the inventory changes. Thread-safe. */
final class FleetBackends implements AutoCloseable {
    private final BackendFactory factory;
    private final ConsoleConnections consoleConnections;
    private volatile Fleet fleet;

    private record Fleet(Inventory inventory, Map<String, InstanceBackend> backends) {
    }

    FleetBackends(Inventory inventory, BackendFactory factory, ConsoleConnections consoleConnections) {
        this.factory = factory;
        this.consoleConnections = consoleConnections;
        this.fleet = build(inventory);
    }

    private Fleet build(Inventory inventory) {
        Map<String, InstanceBackend> backends = new LinkedHashMap<>();
        for (InstanceConfig config : inventory.instances()) {
            backends.put(config.id(), factory.open(config, consoleConnections));
        }
        return new Fleet(inventory, Collections.unmodifiableMap(backends));
    }

    Inventory inventory() {
        return fleet.inventory();
    }

    /** The backend of a configured instance, or null. */
    InstanceBackend backend(String instanceId) {
        return fleet.backends().get(instanceId);
    }

    /** Every configured instance's backend, in the inventory's order. */
    Map<String, InstanceBackend> all() {
        return fleet.backends();
    }

    /** A backend for a configuration that is not (yet) the fleet's, such as one being tested; the caller closes it. */
    InstanceBackend open(InstanceConfig config) {
        return factory.open(config, consoleConnections);
    }

    /** Switches to a new inventory; the old backends and their pools close. */
    void replace(Inventory inventory) {
        Fleet old = fleet;
        fleet = build(inventory);
        old.backends().values().forEach(InstanceBackend::close);
    }

    @Override
    public void close() {
        fleet.backends().values().forEach(InstanceBackend::close);
        factory.close();
    }
}
