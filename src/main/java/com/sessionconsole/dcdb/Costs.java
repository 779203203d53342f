package com.sessionconsole.dcdb;

import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.ApiCalls;

import java.util.List;

/** What a listing or a kill request of one shard costs against the account's rate limits. */
final class Costs {
    private Costs() {
    }

    /** A listing: one DescribeProcessList per page its last listing had. */
    static List<ApiCalls> listing(DcdbClient client, CloudInstance instance, Shard shard) {
        RateLimits.Account account = client.account();
        int perSecond = account == null ? client.rateLimit() : account.perSecond();
        return List.of(new ApiCalls(key(client), "DescribeProcessList", instance.pages(shard.shardId()), perSecond));
    }

    /**
     * A kill request: one KillSession, its live read (the listing's pages) and at least one DescribeFlow; KillSession
     * first, the lane named when they tie.
     */
    static List<ApiCalls> kill(DcdbClient client, CloudInstance instance, Shard shard) {
        RateLimits.Account account = client.account();
        int perSecond = account == null ? client.rateLimit() : account.perSecond();
        String key = key(client);
        return List.of(new ApiCalls(key, "KillSession", 1, perSecond),
                new ApiCalls(key, "DescribeProcessList", instance.pages(shard.shardId()), perSecond),
                new ApiCalls(key, "DescribeFlow", 1, perSecond));
    }

    /** Before the first call the SecretId is not read yet: the endpoint stands in for the account. */
    private static String key(DcdbClient client) {
        RateLimits.Account account = client.account();
        return account == null ? client.endpointUrl() : account.key();
    }
}
