package com.sessionconsole.ui.history;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.killsession.FleetSnapshot;
import com.sessionconsole.killsession.ShardSessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The window's history of the fleet: one {@link HistoryRing} per shard, per instance and for the whole fleet, keyed
 * by the fleet tree's node ids ("fleet", the instance id, the shard key). Owned by the window's model, never by the
 * service: it is what this window saw, and it ends with the window. FX thread only.
 */
public final class FleetHistory {
    public static final String FLEET = "fleet";
    private static final int FIGURES = Figure.values().length;

    private final Map<String, HistoryRing> rings = new HashMap<>();
    /** Instance id to its shard keys, in the inventory's order: what an instance's export covers. */
    private final Map<String, List<String>> shardsOf = new LinkedHashMap<>();
    /** Kill tasks already counted, by TaskId, with their slot: a reload of the task list counts none twice. */
    private final Map<Long, Long> counted = new HashMap<>();
    /** The newest slot each node was in a refresh: a node missing for an hour has nothing left to show. */
    private final Map<String, Long> lastSeen = new HashMap<>();
    private final int[] shard = new int[FIGURES];
    private final int[] instance = new int[FIGURES];
    private final int[] fleet = new int[FIGURES];
    private long newest = Long.MIN_VALUE;

    public FleetHistory() {
        rings.put(FLEET, new HistoryRing());
    }

    /**
     * Records a refresh of the whole fleet. A shard or instance missing from it (an instance whose describe failed,
     * one gone from the inventory) keeps its history until it has been missing for the ring's hour.
     */
    public void record(FleetSnapshot snapshot) {
        long slot = HistoryRing.slotOf(snapshot.readAt().getEpochSecond());
        Map<String, ShardSessions> answers = new HashMap<>();
        for (ShardSessions answer : snapshot.shards()) {
            answers.put(answer.shard().key(), answer);
        }
        Set<String> present = new HashSet<>();
        present.add(FLEET);
        Map<String, List<String>> before = new LinkedHashMap<>(shardsOf);
        shardsOf.clear();
        Arrays.fill(fleet, 0);
        boolean anyAnswered = false;
        for (Instance each : snapshot.instances()) {
            present.add(each.id());
            List<String> keys = new ArrayList<>(each.shards().size());
            Arrays.fill(instance, 0);
            boolean answered = false;
            for (Shard member : each.shards()) {
                String key = member.key();
                keys.add(key);
                present.add(key);
                ShardSessions answer = answers.get(key);
                if (answer != null && answer.ok()) {
                    ShardFigures.of(answer, shard);
                    rings.computeIfAbsent(key, k -> new HistoryRing()).record(slot, shard);
                    ShardFigures.merge(instance, shard);
                    answered = true;
                }
            }
            shardsOf.put(each.id(), List.copyOf(keys));
            if (answered) {
                rings.computeIfAbsent(each.id(), k -> new HistoryRing()).record(slot, instance);
                ShardFigures.merge(fleet, instance);
                anyAnswered = true;
            }
        }
        if (anyAnswered) {
            rings.get(FLEET).record(slot, fleet);
        }
        for (String id : present) {
            lastSeen.put(id, slot);
        }
        lastSeen.values().removeIf(seen -> seen <= slot - HistoryRing.SLOTS);
        rings.keySet().retainAll(lastSeen.keySet());
        before.forEach((id, keys) -> {
            if (lastSeen.containsKey(id)) {
                shardsOf.putIfAbsent(id, keys); // missing this time, still in the charts
            }
        });
        newest = Math.max(newest, slot);
    }

    /**
     * Counts the sessions killed by tasks not counted yet, in the slot where each task finished, on its shard, its
     * instance and the fleet. Before the first refresh it counts nothing (the window loads the task history at once).
     *
     * @return whether a kill was added
     */
    public boolean kills(List<KillTask> tasks) {
        if (shardsOf.isEmpty()) {
            return false; // no refresh yet: the shards' rings do not exist; the next reload counts these tasks
        }
        boolean added = false;
        for (KillTask task : tasks) {
            if (!task.finished() || counted.containsKey(task.taskId())) {
                continue;
            }
            Instant at = task.finishedAt() != null ? task.finishedAt() : task.requestedAt();
            long slot = HistoryRing.slotOf(at.getEpochSecond());
            if (newest != Long.MIN_VALUE && slot <= newest - HistoryRing.SLOTS) {
                continue; // older than the hour the charts hold
            }
            counted.put(task.taskId(), slot);
            int killed = (int) task.count(Outcome.KILLED);
            if (killed == 0) {
                continue;
            }
            for (String id : new String[] {task.instanceId() + "/" + task.shardId(), task.instanceId(), FLEET}) {
                HistoryRing ring = rings.get(id);
                if (ring != null && ring.addKills(slot, killed)) {
                    added = true;
                }
            }
            newest = Math.max(newest, slot);
        }
        // Tasks older than the hour can no longer be counted twice: their slots are gone.
        for (Iterator<Long> slots = counted.values().iterator(); slots.hasNext() && newest != Long.MIN_VALUE; ) {
            if (slots.next() <= newest - HistoryRing.SLOTS) {
                slots.remove();
            }
        }
        return added;
    }

    /** The ring of a node of the fleet tree, or null when nothing was recorded for it. */
    public HistoryRing ring(String nodeId) {
        return rings.get(nodeId);
    }

    /** The newest slot recorded anywhere, or {@link Long#MIN_VALUE}. */
    public long newestSlot() {
        return newest;
    }

    /** The shard keys under a node: every shard for the fleet, an instance's, or the shard itself. */
    public List<String> shardsUnder(String nodeId) {
        if (FLEET.equals(nodeId)) {
            return shardsOf.values().stream().flatMap(List::stream).toList();
        }
        List<String> keys = shardsOf.get(nodeId);
        return keys != null ? keys : rings.containsKey(nodeId) ? List.of(nodeId) : List.of();
    }

    /** How many rings are held (the fleet's, each instance's and each shard's). */
    public int size() {
        return rings.size();
    }
}
