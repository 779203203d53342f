package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A KillSession request as it arrives: raw, validated by the service, so that every front end gets the same
 * answers for the same mistakes.
 *
 * @param shardId       {@code shard-...}, or null
 * @param shardSerialId {@code set_...}, or null; one of the two is required, and both must name one shard
 * @param sessionIds    1 to 100 positive thread ids; duplicates are ignored
 * @param mode          null means CONNECTION
 * @param seen          "kill what you saw": session id to the statement the operator was shown ("" when it was
 *                      shown idle). A QUERY kill of such a session goes ahead only if it still runs exactly that
 *                      statement. May be empty.
 * @param nodeId        the node to kill on (the contract's NodeId), or null for the shard's master
 * @param arrivedNanos  when the request arrived ({@link System#nanoTime()}): the guards may be checked on a live
 *                      read begun at or after that moment, shared with other requests, never on an older one
 */
public record KillRequest(String instanceId, String shardId, String shardSerialId, List<Long> sessionIds,
                          KillMode mode, Map<Long, String> seen, String nodeId, long arrivedNanos) {

    public KillRequest {
        sessionIds = sessionIds == null ? null : Collections.unmodifiableList(new ArrayList<>(sessionIds));
        seen = seen == null ? Map.of() : Map.copyOf(seen);
    }

    /** A request arriving now, on the shard's master. */
    public KillRequest(String instanceId, String shardId, String shardSerialId, List<Long> sessionIds, KillMode mode,
                       Map<Long, String> seen) {
        this(instanceId, shardId, shardSerialId, sessionIds, mode, seen, null, System.nanoTime());
    }

    public static KillRequest of(String instanceId, String shardId, List<Long> sessionIds, KillMode mode) {
        return new KillRequest(instanceId, shardId, null, sessionIds, mode, Map.of());
    }

    /** The same request, arrived at {@code nanos} ({@link System#nanoTime()}). */
    public KillRequest arrivedAt(long nanos) {
        return new KillRequest(instanceId, shardId, shardSerialId, sessionIds, mode, seen, nodeId, nanos);
    }

    public KillMode effectiveMode() {
        return mode == null ? KillMode.CONNECTION : mode;
    }
}
