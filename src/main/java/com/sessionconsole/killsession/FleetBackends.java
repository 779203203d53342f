package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The configured entries and their backends, replaced whole when the inventory changes; and which backend holds
 * each instance a cloud account discovered (an entry of the inventory wins over a discovered instance of the same
 * id). Thread-safe.
 */
final class FleetBackends implements AutoCloseable {
    private final BackendFactory factory;
    private final ConsoleConnections consoleConnections;
    private volatile Fleet fleet;

    /** How long {@link #find} answers a failed discovery's error instead of discovering again. */
    static final long FAILED_DISCOVERY_MILLIS = 5_000;

    /**
     * @param discovered instance id to the backend whose discovery found it last
     * @param failures   the discoveries that failed last time {@link #find} asked them
     */
    private record Fleet(Inventory inventory, Map<String, InstanceBackend> backends,
                         Map<String, InstanceBackend> discovered, Map<InstanceBackend, Failure> failures) {
    }

    private record Failure(BackendException error, long atNanos) {
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
        return new Fleet(inventory, Collections.unmodifiableMap(backends), new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>());
    }

    Inventory inventory() {
        return fleet.inventory();
    }

    /** The backend of a configured instance, or of one a discovery found; null when neither is known. */
    InstanceBackend backend(String instanceId) {
        Fleet current = fleet;
        InstanceBackend own = current.backends().get(instanceId);
        return own != null ? own : current.discovered().get(instanceId);
    }

    /**
     * As {@link #backend}, discovering when the instance is not known yet (a command line that kills before it
     * lists): each account entry's discovery, kept for its interval, is asked in turn. A discovery that failed
     * within the last {@value #FAILED_DISCOVERY_MILLIS} ms is not asked again here, its failure answered instead: a
     * stream of unknown ids while the cloud API fails would otherwise spend the account's allowance of
     * DescribeDCDBInstances on nothing (a refresh still discovers on its own schedule).
     *
     * @throws BackendException when a discovery that could have found it failed
     */
    InstanceBackend find(String instanceId) throws BackendException {
        InstanceBackend known = backend(instanceId);
        if (known != null) {
            return known;
        }
        Fleet current = fleet;
        BackendException failed = null;
        for (InstanceBackend backend : current.backends().values()) {
            if (!backend.discovers()) {
                continue;
            }
            Failure recent = current.failures().get(backend);
            if (recent != null && System.nanoTime() - recent.atNanos() < FAILED_DISCOVERY_MILLIS * 1_000_000L) {
                failed = failed == null ? recent.error() : failed;
                continue;
            }
            try {
                found(backend, backend.describe());
            } catch (BackendException e) {
                if (!mineOnly(e)) {
                    current.failures().put(backend, new Failure(e, System.nanoTime()));
                }
                failed = failed == null ? e : failed;
                continue;
            }
            known = backend(instanceId);
            if (known != null) {
                return known;
            }
        }
        if (failed != null) {
            throw failed;
        }
        return null;
    }

    /**
     * Whether {@code e} is this caller's own end, not the discovery's: it stopped waiting for a discovery another
     * caller runs (its time ran out, or it was interrupted), which may yet succeed for everyone else.
     */
    private static boolean mineOnly(BackendException e) {
        return e.getCause() instanceof TimeoutException || e.getCause() instanceof InterruptedException;
    }

    /**
     * Records what a discovering backend found (which ends any memory of its failing); answers the instances it
     * may show: not those an inventory entry of the same id, or another account's discovery found first, already
     * shows.
     */
    List<Instance> found(InstanceBackend backend, List<Instance> instances) {
        Fleet current = fleet;
        current.failures().remove(backend);
        if (current.backends().values().stream().noneMatch(b -> b == backend)) {
            // The inventory was replaced while this discovery ran: its backend is closed, and must never hold an
            // instance of the new fleet (a kill would fail on it, and the new account would not show it).
            return List.of();
        }
        Set<String> held = new HashSet<>();
        List<Instance> shown = new ArrayList<>();
        for (Instance instance : instances) {
            String id = instance.id();
            if (current.backends().containsKey(id) || held.contains(id)) {
                continue;
            }
            InstanceBackend holder = current.discovered().putIfAbsent(id, backend);
            if (holder == null || holder == backend) {
                held.add(id);
                shown.add(instance);
            }
        }
        current.discovered().entrySet().removeIf(e -> e.getValue() == backend && !held.contains(e.getKey()));
        return shown;
    }

    /** Every configured entry's backend, in the inventory's order. */
    Map<String, InstanceBackend> all() {
        return fleet.backends();
    }

    Collection<InstanceBackend> discovering() {
        return fleet.backends().values().stream().filter(InstanceBackend::discovers).toList();
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
