package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.backend.BackendException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each shard's master NodeId, from DescribeDCDBInstanceNodeInfo, kept for a minute: DescribeProcessList needs a
 * NodeId, and a master changes only on a switchover. A server without that action (InvalidAction /
 * UnsupportedOperation) gets no NodeId, which a Session Console server accepts as "the master". One read at a
 * time: the shards of a refresh that all need the masters share it.
 */
final class MasterNodes {
    private static final long TTL_NANOS = 60_000_000_000L;
    /** A shard the last read did not name is asked about again only after this long. */
    private static final long MISSING_NANOS = 10_000_000_000L;

    private final DcdbClient client;
    private final String instanceId;
    private Map<String, String> masters;                 // guarded by this
    private long readAt;                                 // guarded by this
    private CompletableFuture<Map<String, String>> reading; // guarded by this

    MasterNodes(DcdbClient client, String instanceId) {
        this.client = client;
        this.instanceId = instanceId;
    }

    /**
     * The master's NodeId of the shard, or null when the server does not tell. When the masters must be read, this
     * thread reads them, unless a read is already under way: then it waits for that one.
     */
    String of(String shardId, long deadline) throws BackendException {
        CompletableFuture<Map<String, String>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, String>> joined;
        synchronized (this) {
            if (!stale(shardId)) {
                return masters.get(shardId);
            }
            joined = reading;
            if (joined == null) {
                reading = mine;
            }
        }
        if (joined == null) {
            try {
                mine.complete(unlessUnsupported(() -> client.all("DescribeDCDBInstanceNodeInfo", query(), "NodesInfo",
                        RateLimits.Priority.KILL, deadline)));
            } catch (Throwable e) {
                mine.completeExceptionally(e instanceof CompletionException ? e.getCause() : e);
            } finally {
                done(mine);
            }
            joined = mine;
        }
        try {
            return joined.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).get(shardId);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BackendException ? (BackendException) e.getCause()
                    : new BackendException("internal error: DescribeDCDBInstanceNodeInfo: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BackendException("DescribeDCDBInstanceNodeInfo at " + client.endpointUrl()
                    + ": no answer within the time left", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while reading the masters of " + instanceId, e);
        }
    }

    /** The same without holding a thread while the read waits its turn: it is sent on {@code io}. */
    CompletableFuture<String> of(String shardId, Executor io) {
        CompletableFuture<Map<String, String>> read;
        synchronized (this) {
            if (!stale(shardId)) {
                return CompletableFuture.completedFuture(masters.get(shardId));
            }
            if (reading == null) {
                CompletableFuture<Map<String, String>> started = client.allAsync("DescribeDCDBInstanceNodeInfo",
                        query(), "NodesInfo", io, () -> { })
                        .handle((nodes, failure) -> unlessUnsupported(() -> {
                            if (failure != null) {
                                throw failure instanceof CompletionException ? failure.getCause() : failure;
                            }
                            return nodes;
                        }));
                reading = started;
                started.whenComplete((found, failure) -> done(started));
            }
            read = reading;
        }
        return read.thenApply(found -> found.get(shardId));
    }

    /** A read ended: its masters are kept (if it succeeded), and the next caller may read again. */
    private void done(CompletableFuture<Map<String, String>> read) {
        synchronized (this) {
            if (read.isDone() && !read.isCompletedExceptionally()) {
                keep(read.join());
            }
            if (reading == read) {
                reading = null;
            }
        }
    }

    private boolean stale(String shardId) {
        long age = System.nanoTime() - readAt;
        return masters == null || age > TTL_NANOS || !masters.containsKey(shardId) && age > MISSING_NANOS;
    }

    private void keep(Map<String, String> found) {
        masters = found;
        readAt = System.nanoTime();
    }

    private ObjectNode query() {
        ObjectNode query = DcdbClient.body();
        query.put("InstanceId", instanceId);
        return query;
    }

    @FunctionalInterface
    private interface Read {
        List<JsonNode> nodes() throws Throwable;
    }

    /** The masters the read names; none when the server has no such action; a failure otherwise. */
    private static Map<String, String> unlessUnsupported(Read read) {
        Map<String, String> found = new HashMap<>();
        try {
            for (JsonNode node : read.nodes()) {
                if ("master".equalsIgnoreCase(node.path("Role").asText())) {
                    found.put(node.path("ShardId").asText(), node.path("NodeId").asText());
                }
            }
        } catch (BackendException e) {
            String code = e.remoteCode() == null ? "" : e.remoteCode();
            if (!code.equals("InvalidAction") && !code.startsWith("UnsupportedOperation")) {
                throw new CompletionException(e);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new CompletionException(e);
        }
        return found;
    }
}
