package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Shard;

import java.time.Duration;
import java.util.List;

/**
 * One shard's lock chains, or why it has none to show.
 *
 * @param sources     how its locks were read (which table for row locks, which for metadata locks)
 * @param unavailable why this shard's locks cannot be read at all (a dcdb shard), else null
 * @param error       why the shard did not answer, else null
 */
public record ShardLockChains(Shard shard, List<LockChain> chains, List<String> sources, String unavailable,
                              String error, Duration took) {

    public ShardLockChains {
        chains = List.copyOf(chains);
        sources = List.copyOf(sources);
    }

    public boolean ok() {
        return error == null;
    }
}
