package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.ApiCalls;
import com.sessionconsole.fleet.backend.InstanceBackend;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/** What {@link FleetReader#eachShard} runs on every shard and what it hands back: the reads and their answers. */
final class ShardReads {
    private ShardReads() {
    }

    /** One shard's answer to a call made on every shard in scope: its value, or why there is none. */
    record ShardAnswer<T>(Shard shard, T value, String error, Duration took) {
        boolean ok() {
            return error == null;
        }
    }

    /**
     * A call made on every shard in scope: the instances described, each shard's answer, and the least time a cloud
     * API's rate limits made it take (null when no shard was paced).
     */
    record EachShard<T>(Instant readAt, Duration took, List<Instance> instances, Map<String, String> instanceErrors,
                        List<ShardAnswer<T>> answers, ApiPace pace) {
    }

    /** A read of one shard, on the bounded pool. */
    @FunctionalInterface
    interface ShardCall<T> {
        T call(InstanceBackend backend, Shard shard) throws Exception;
    }

    /** A read of one shard that starts itself: on the pool, or once a cloud API's rate limit gives it its turn. */
    interface ShardRead<T> {
        /** Starts the read; {@code started} is run when it leaves the queue (its timeout counts from then). */
        CompletableFuture<T> start(InstanceBackend backend, Shard shard, ExecutorService pool, Runnable started);

        /** The calls of a rate-limited API the read makes, for the refresh's deadline; none by default. */
        default List<ApiCalls> calls(InstanceBackend backend, Shard shard) {
            return List.of();
        }
    }

    /** A blocking call as a read that runs on the pool. */
    static <T> ShardRead<T> onPool(ShardCall<T> call) {
        return (backend, shard, pool, started) -> CompletableFuture.supplyAsync(() -> {
            started.run();
            return call(() -> call.call(backend, shard));
        }, pool);
    }

    /** Runs a backend call inside a future, its checked failure carried as the completion's cause. */
    static <T> T call(Callable<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e); // get() hands on the cause
        }
    }
}
