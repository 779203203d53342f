package com.sessionconsole.fleet.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The instances the console manages, as read from (or to be written to) an inventory file.
 *
 * @param source   the file it came from, or null for an inventory built in memory (the demo fleet)
 * @param warnings things the operator should fix that did not stop loading (a readable plain password)
 * @param settings the file's {@code settings} block, or the defaults
 */
public record Inventory(Path source, List<InstanceConfig> instances, List<String> warnings, Settings settings) {

    public Inventory {
        settings = settings == null ? Settings.DEFAULT : settings;
        instances = List.copyOf(instances);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (InstanceConfig instance : instances) {
            if (!seen.add(instance.id())) {
                throw new IllegalArgumentException("id: duplicate instance id '" + instance.id() + "'");
            }
        }
    }

    /** An inventory with the default settings. */
    public Inventory(Path source, List<InstanceConfig> instances, List<String> warnings) {
        this(source, instances, warnings, Settings.DEFAULT);
    }

    public static Inventory empty(Path source) {
        return new Inventory(source, List.of(), List.of());
    }

    public Optional<InstanceConfig> instance(String id) {
        return instances.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    public Inventory withInstances(List<InstanceConfig> replaced) {
        return new Inventory(source, replaced, List.of(), settings);
    }
}
