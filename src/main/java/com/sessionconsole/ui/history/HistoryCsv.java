package com.sessionconsole.ui.history;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of a node and of every shard under it, as CSV: one line per node and 5 s slot that holds a refresh or
 * a kill, oldest first, times in UTC (ISO-8601). Made on the FX thread from copies of the rings, written off it.
 */
public final class HistoryCsv {
    private final List<Named> nodes;
    private final long firstSlot;
    private final long lastSlot;

    private record Named(String instanceId, String shardId, HistoryRing ring) {
    }

    private HistoryCsv(List<Named> nodes, long lastSlot) {
        this.nodes = nodes;
        this.lastSlot = lastSlot;
        this.firstSlot = lastSlot - HistoryRing.SLOTS + 1;
    }

    /** Copies the rings of {@code nodeId} and of the shards under it (the fleet, an instance, or one shard). */
    static HistoryCsv of(FleetHistory history, String nodeId) {
        List<Named> nodes = new ArrayList<>();
        add(nodes, history, nodeId);
        for (String shard : history.shardsUnder(nodeId)) {
            if (!shard.equals(nodeId)) {
                add(nodes, history, shard);
            }
        }
        return new HistoryCsv(nodes, history.newestSlot());
    }

    private static void add(List<Named> nodes, FleetHistory history, String id) {
        HistoryRing ring = history.ring(id);
        if (ring == null) {
            return;
        }
        int slash = id.indexOf('/');
        String instance = FleetHistory.FLEET.equals(id) ? "" : slash < 0 ? id : id.substring(0, slash);
        String shard = slash < 0 ? "" : id.substring(slash + 1);
        nodes.add(new Named(instance, shard, ring.copy()));
    }

    public void write(Writer out) throws IOException {
        out.write("time,instanceId,shardId");
        for (Figure figure : Figure.values()) {
            out.write(',');
            out.write(figure.column());
        }
        out.write('\n');
        for (Named node : nodes) {
            for (long slot = firstSlot; slot <= lastSlot; slot++) {
                if (node.ring().value(slot, Figure.SESSIONS) == HistoryRing.ABSENT
                        && node.ring().value(slot, Figure.KILLS) == HistoryRing.ABSENT) {
                    continue;
                }
                out.write(Instant.ofEpochSecond(slot * HistoryRing.SLOT_SECONDS).toString());
                out.write(',');
                out.write(field(node.instanceId()));
                out.write(',');
                out.write(field(node.shardId()));
                for (Figure figure : Figure.values()) {
                    int value = node.ring().value(slot, figure);
                    out.write(',');
                    // A slot that holds only a kill has no figures of its own: those cells stay empty.
                    out.write(value == HistoryRing.ABSENT ? (figure == Figure.KILLS ? "0" : "") : Integer.toString(value));
                }
                out.write('\n');
            }
        }
    }

    /** How many nodes it covers. */
    public int nodes() {
        return nodes.size();
    }

    private static String field(String text) {
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
