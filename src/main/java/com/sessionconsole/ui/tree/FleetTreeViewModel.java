package com.sessionconsole.ui.tree;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ShardSessions;
import com.sessionconsole.ui.history.Figure;
import com.sessionconsole.ui.history.ShardFigures;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet tree's state: instances and their shards, with status, figures and errors; and what the tree shows of
 * them: filtered by name, only the shards in error, sorted by running sessions. The fleet's own figures always
 * cover every shard, whatever the tree shows.
 */
public final class FleetTreeViewModel {
    private static final FleetNode NOT_READ = new FleetNode("fleet", FleetNode.Kind.FLEET, "Fleet", "", Scope.FLEET,
            -1, 0, 0, 0, null, List.of());
    private static final Comparator<FleetNode> BUSIEST_FIRST = Comparator.comparingInt(FleetNode::running).reversed();

    private final ReadOnlyObjectWrapper<FleetNode> fleet = new ReadOnlyObjectWrapper<>(NOT_READ);
    private final ObjectProperty<FleetNode> root = new SimpleObjectProperty<>(NOT_READ);
    private final StringProperty nameFilter = new SimpleStringProperty("");
    private final BooleanProperty errorsOnly = new SimpleBooleanProperty();
    private final BooleanProperty sortByRunning = new SimpleBooleanProperty();
    private final ObjectProperty<FleetNode> selected = new SimpleObjectProperty<>(NOT_READ);
    private final int[] figures = new int[Figure.values().length];

    public FleetTreeViewModel() {
        nameFilter.addListener((obs, was, now) -> publish());
        errorsOnly.addListener((obs, was, now) -> publish());
        sortByRunning.addListener((obs, was, now) -> publish());
    }

    /** Rebuilds the nodes from a refresh of the whole fleet. */
    public void apply(FleetSnapshot snapshot) {
        Map<String, ShardSessions> answers = new HashMap<>();
        for (ShardSessions answer : snapshot.shards()) {
            answers.put(answer.shard().key(), answer);
        }
        List<FleetNode> instances = new ArrayList<>();
        int total = 0;
        int running = 0;
        int waiting = 0;
        for (Instance instance : snapshot.instances()) {
            List<FleetNode> shards = new ArrayList<>();
            int[] sums = new int[3];
            int failed = 0;
            for (Shard shard : instance.shards()) {
                ShardSessions answer = answers.get(shard.key());
                String error = answer == null ? "not read in the last refresh" : answer.error();
                int sessions = -1;
                if (error == null) {
                    ShardFigures.of(answer, figures);
                    sessions = figures[Figure.SESSIONS.ordinal()];
                    sums[0] += sessions;
                    sums[1] += figures[Figure.RUNNING.ordinal()];
                    sums[2] += figures[Figure.WAITING.ordinal()];
                } else {
                    failed++;
                }
                shards.add(new FleetNode(shard.key(), FleetNode.Kind.SHARD, shard.shardId(),
                        shard.shardSerialId() + "  ·  " + shard.route()
                                + ("running".equalsIgnoreCase(shard.status()) ? "" : "  ·  " + shard.status()),
                        Scope.shard(shard.instanceId(), shard.shardId()), sessions,
                        error == null ? figures[Figure.RUNNING.ordinal()] : 0,
                        error == null ? figures[Figure.WAITING.ordinal()] : 0, error == null ? 0 : 1, error, List.of()));
            }
            total += sums[0];
            running += sums[1];
            waiting += sums[2];
            String error = failed == 0 ? null : failed + " of " + shards.size() + " shards unreachable";
            instances.add(new FleetNode(instance.id(), FleetNode.Kind.INSTANCE, label(instance),
                    instance.kind().yamlName() + "  " + instance.status() + "  " + instance.region(),
                    Scope.instance(instance.id()), sums[0], sums[1], sums[2], failed, error, shards));
        }
        for (Map.Entry<String, String> failure : snapshot.instanceErrors().entrySet()) {
            instances.add(new FleetNode(failure.getKey(), FleetNode.Kind.INSTANCE, failure.getKey(), "",
                    Scope.instance(failure.getKey()), -1, 0, 0, 1, failure.getValue(), List.of()));
        }
        long inError = snapshot.shardsInError();
        fleet.set(new FleetNode("fleet", FleetNode.Kind.FLEET, "Fleet", instances.size() + " instances",
                Scope.FLEET, total, running, waiting, (int) inError,
                inError == 0 ? null : inError + " shards in error", instances));
        publish();
    }

    /** What the tree shows: the fleet's instances and shards that pass the filters, in the chosen order. */
    private void publish() {
        FleetNode all = fleet.get();
        String needle = nameFilter.get() == null ? "" : nameFilter.get().strip().toLowerCase(Locale.ROOT);
        boolean errors = errorsOnly.get();
        if (needle.isEmpty() && !errors && !sortByRunning.get()) {
            root.set(all);
            return;
        }
        List<FleetNode> instances = new ArrayList<>();
        for (FleetNode instance : all.children()) {
            boolean named = matches(instance.name(), needle) || matches(instance.id(), needle);
            List<FleetNode> shards = new ArrayList<>();
            for (FleetNode shard : instance.children()) {
                if ((named || matches(shard.name(), needle) || matches(shard.detail(), needle)) && (!errors || shard.failed())) {
                    shards.add(shard);
                }
            }
            boolean keep = !shards.isEmpty()
                    || instance.children().isEmpty() && named && (!errors || instance.failed());
            if (keep) {
                instances.add(instance.withChildren(sorted(shards)));
            }
        }
        root.set(all.withChildren(sorted(instances)));
    }

    private List<FleetNode> sorted(List<FleetNode> nodes) {
        if (sortByRunning.get()) {
            nodes.sort(BUSIEST_FIRST); // stable: equally busy nodes keep the inventory's order
        }
        return nodes;
    }

    private static boolean matches(String text, String needle) {
        return needle.isEmpty() || text != null && text.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** "orders (tdsqlshard-…)", or just the id when the instance has no name of its own. */
    private static String label(Instance instance) {
        String name = instance.name();
        boolean unnamed = name == null || name.isBlank() || name.equals(instance.id());
        return unnamed ? instance.id() : name + " (" + instance.id() + ")";
    }

    /** What the tree shows (filtered and sorted). */
    public ObjectProperty<FleetNode> rootProperty() {
        return root;
    }

    /** The whole fleet as the last refresh read it, whatever the tree's filters. */
    public ReadOnlyObjectProperty<FleetNode> fleetProperty() {
        return fleet.getReadOnlyProperty();
    }

    /** Instance or shard name, id, set name or address contains this text (any case). */
    public StringProperty nameFilterProperty() {
        return nameFilter;
    }

    /** Only the shards that did not answer, and instances that could not be described. */
    public BooleanProperty errorsOnlyProperty() {
        return errorsOnly;
    }

    /** Instances, and the shards of each, with the most running sessions first. */
    public BooleanProperty sortByRunningProperty() {
        return sortByRunning;
    }

    /** The node the operator selected (the table and the history chart follow it). */
    public ObjectProperty<FleetNode> selectedProperty() {
        return selected;
    }
}
