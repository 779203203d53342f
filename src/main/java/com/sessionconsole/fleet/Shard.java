package com.sessionconsole.fleet;

/**
 * A shard as the console shows it.
 *
 * @param instanceId    the instance it belongs to
 * @param shardId       {@code shard-...}
 * @param shardSerialId {@code set_...}; also the SQL pass-through set name on DCDB
 * @param route         how it is reached: {@code host:port} or the API endpoint
 * @param status        a short word for the operator ("running", or the API's StatusDesc)
 */
public record Shard(String instanceId, String shardId, String shardSerialId, String route, String status) {

    /** The (instance, shard) pair that names a shard everywhere in the console. */
    public String key() {
        return instanceId + "/" + shardId;
    }

    /**
     * The node the console lists and kills on, as the dcdb API names it: a self-managed shard has one node, its
     * master, named {@code <ShardId>-master}.
     */
    public String masterNodeId() {
        return shardId + "-master";
    }
}
