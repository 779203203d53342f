package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Ids;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The KillSession contract's checks of a request, in the contract's words, with messages that name the field:
 * its fields, the caller's rights, and the shard it names, resolved against the instance as it is now.
 */
final class RequestCheck {
    static final int MAX_SESSION_IDS = 100;

    private final FleetBackends fleet;

    /** The shard a request names and the backend that reaches it. */
    record Target(InstanceBackend backend, Shard shard) {
    }

    RequestCheck(FleetBackends fleet) {
        this.fleet = fleet;
    }

    /** The request's fields: the distinct session ids, in the order given. */
    static List<Long> validate(KillRequest request) throws KillSessionException {
        if (request.instanceId() == null || request.instanceId().isBlank()) {
            throw new KillSessionException(ErrorCode.MISSING_PARAMETER, "InstanceId is required");
        }
        if (!Ids.isInstanceId(request.instanceId())) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "InstanceId: '" + printable(request.instanceId()) + "' is not an instance id");
        }
        boolean hasShardId = given(request.shardId());
        boolean hasSerial = given(request.shardSerialId());
        if (!hasShardId && !hasSerial) {
            throw new KillSessionException(ErrorCode.MISSING_PARAMETER, "ShardId or ShardSerialId is required");
        }
        if (hasShardId && !Ids.isShardId(request.shardId())) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardId: '" + printable(request.shardId()) + "' is not a ShardId (shard-xxxx)");
        }
        if (hasSerial && !Ids.isShardSerialId(request.shardSerialId())) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardSerialId: '" + printable(request.shardSerialId()) + "' is not a ShardSerialId (set_xxxx)");
        }
        if (request.sessionIds() == null || request.sessionIds().isEmpty()) {
            throw new KillSessionException(ErrorCode.MISSING_PARAMETER, "SessionId is required (1 to "
                    + MAX_SESSION_IDS + " session ids)");
        }
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        for (Long id : request.sessionIds()) {
            if (id == null || id <= 0) {
                throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                        "SessionId: " + id + " is not a session id (a positive integer)");
            }
            ids.add(id);
        }
        if (ids.size() > MAX_SESSION_IDS) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER, "SessionId: " + ids.size()
                    + " distinct ids given, at most " + MAX_SESSION_IDS + " per request");
        }
        return new ArrayList<>(ids);
    }

    /** The shard the request names, which must exist now, on the node the request names if it names one. */
    Target resolve(KillRequest request, Caller caller) throws KillSessionException {
        InstanceBackend backend = instance(request.instanceId(), caller);
        if (request.effectiveMode() == KillMode.QUERY && !backend.killsQueries()) {
            throw new KillSessionException(ErrorCode.UNSUPPORTED_OPERATION, "mode: instance " + request.instanceId()
                    + " ends connections only (the dcdb API's KillSession has no KILL QUERY); kill the connection"
                    + " instead");
        }
        Shard shard = shard(backend, request.instanceId(), request.shardId(), request.shardSerialId());
        if (request.nodeId() != null && !shard.masterNodeId().equals(request.nodeId())) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER, "NodeId: '" + printable(request.nodeId())
                    + "' is not a node of shard " + shard.shardId() + "; this console works on the master only ("
                    + shard.masterNodeId() + ")");
        }
        return new Target(backend, shard);
    }

    /** The shard named by ShardId, ShardSerialId or both (which must then agree), as the instance has it now. */
    Shard shard(String instanceId, String shardId, String serialId, Caller caller) throws KillSessionException {
        if (!Ids.isInstanceId(instanceId)) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "InstanceId: '" + printable(instanceId == null ? "" : instanceId) + "' is not an instance id");
        }
        if (!given(shardId) && !given(serialId)) {
            throw new KillSessionException(ErrorCode.MISSING_PARAMETER, "ShardId or ShardSerialId is required");
        }
        return shard(instance(instanceId, caller), instanceId, shardId, serialId);
    }

    private static Shard shard(InstanceBackend backend, String instanceId, String shardId, String serialId)
            throws KillSessionException {
        List<Instance> instances;
        try {
            instances = backend.describe();
        } catch (BackendException e) {
            throw new KillSessionException(ErrorCode.BACKEND_FAILED, e.getMessage());
        }
        Shard byId = null;
        Shard bySerial = null;
        for (Instance instance : instances) {
            if (!instance.id().equals(instanceId)) {
                continue;
            }
            for (Shard shard : instance.shards()) {
                if (shard.shardId().equals(shardId)) {
                    byId = shard;
                }
                if (shard.shardSerialId().equals(serialId)) {
                    bySerial = shard;
                }
            }
        }
        if (given(shardId) && byId == null) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardId: instance " + instanceId + " has no shard " + printable(shardId));
        }
        if (given(serialId) && bySerial == null) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardSerialId: instance " + instanceId + " has no shard " + printable(serialId));
        }
        if (byId != null && bySerial != null && !byId.equals(bySerial)) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER, "ShardId and ShardSerialId name different"
                    + " shards (" + byId.shardId() + " is " + byId.shardSerialId() + ", not " + serialId + ")");
        }
        return byId != null ? byId : bySerial;
    }

    /** The backend of an instance the caller may touch. */
    InstanceBackend instance(String instanceId, Caller caller) throws KillSessionException {
        if (!caller.mayTouch(instanceId)) {
            throw new KillSessionException(ErrorCode.PERMISSION_DENIED,
                    caller.actor() + " may not touch instance " + instanceId);
        }
        InstanceBackend backend;
        try {
            backend = fleet.find(instanceId);
        } catch (BackendException e) {
            throw new KillSessionException(ErrorCode.BACKEND_FAILED, "InstanceId: " + instanceId + " is not known yet,"
                    + " and discovering it failed: " + e.getMessage());
        }
        if (backend == null) {
            throw new KillSessionException(ErrorCode.INSTANCE_NOT_FOUND, "InstanceId: no instance " + instanceId);
        }
        return backend;
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    /** Caller-supplied text as it may be echoed: no control characters, at most 80 characters. */
    static String printable(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
