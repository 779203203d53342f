package com.sessionconsole.killsession;

import com.sessionconsole.mysql.MysqlTimeouts;

import java.time.Duration;

/**
 * How the service reaches shards.
 *
 * @param shardTimeout the most one shard may hold a refresh; a slower shard is reported as an error
 * @param ioThreads    the bounded pool that runs every shard call
 */
public record ServiceOptions(MysqlTimeouts mysql, Duration shardTimeout, int ioThreads) {

    public static final ServiceOptions DEFAULT = new ServiceOptions(MysqlTimeouts.DEFAULT, Duration.ofSeconds(6), 16);

    public ServiceOptions {
        if (ioThreads < 1 || shardTimeout.isNegative() || shardTimeout.isZero()) {
            throw new IllegalArgumentException("ioThreads and shardTimeout must be positive");
        }
    }
}
