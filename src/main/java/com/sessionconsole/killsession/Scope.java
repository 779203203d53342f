package com.sessionconsole.killsession;

/** What a refresh covers: the whole fleet, one instance, or one shard of an instance. */
public record Scope(String instanceId, String shardId) {

    public static final Scope FLEET = new Scope(null, null);

    public static Scope instance(String instanceId) {
        return new Scope(instanceId, null);
    }

    public static Scope shard(String instanceId, String shardId) {
        return new Scope(instanceId, shardId);
    }

    public boolean covers(String instance, String shard) {
        return (instanceId == null || instanceId.equals(instance)) && (shardId == null || shardId.equals(shard));
    }
}
