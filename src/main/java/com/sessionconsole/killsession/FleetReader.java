package com.sessionconsole.killsession;

import com.sessionconsole.common.Threads;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the fleet: describes instances and lists the sessions of their shards, every call on one bounded pool
 * and every phase bounded by {@link ServiceOptions#shardTimeout()}, so a refresh of N shards costs about the
 * slowest shard's round trip, and a shard that fails reports its error while the rest still show.
 */
final class FleetReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetReader.class);
    /** However many shards a refresh holds, it waits at most this many shard timeouts. */
    static final long MAX_WAVES = 10;

    private final FleetBackends fleet;
    private final ServiceOptions options;
    private final Clock clock;
    private final ExecutorService io;
    private final Map<String, Listing> listing = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<List<Instance>>> describing = new ConcurrentHashMap<>();

    /** One shard's listing, shared by the refreshes that ask while it runs, and when it began (0: still queued). */
    private record Listing(CompletableFuture<List<Session>> result, AtomicLong startedNanos) {
    }

    /** The instances in scope with their shards, and why the others could not be described. */
    record Described(List<Instance> instances, Map<String, String> errors) {
    }

    FleetReader(FleetBackends fleet, ServiceOptions options, Clock clock) {
        this.fleet = fleet;
        this.options = options;
        this.clock = clock;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(options.ioThreads(), options.ioThreads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), Threads.daemons("shard-io"));
        pool.allowCoreThreadTimeOut(true);
        this.io = pool;
    }

    /** Reads still running belong to the old backends: the next refresh must not be handed their result. */
    void forget() {
        listing.clear();
        describing.clear();
    }

    /** The instances in scope with their shards, no sessions. */
    FleetSnapshot instances(Scope scope, Caller caller) {
        Instant start = clock.instant();
        Described described = describeAll(scope, caller);
        return new FleetSnapshot(start, Duration.between(start, clock.instant()), described.instances(),
                described.errors(), List.of());
    }

    /** The sessions of every shard in scope, read in parallel. */
    FleetSnapshot sessions(Scope scope, Caller caller) throws KillSessionException {
        long started = System.nanoTime();
        Instant readAt = clock.instant();
        Described described = describeAll(scope, caller);
        if (scope.shardId() != null && described.errors().isEmpty() && described.instances().stream()
                .flatMap(i -> i.shards().stream()).noneMatch(s -> s.shardId().equals(scope.shardId()))) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardId: instance " + scope.instanceId() + " has no shard " + scope.shardId());
        }
        Map<Shard, Listing> pending = new LinkedHashMap<>();
        for (Instance instance : described.instances()) {
            InstanceBackend backend = fleet.backend(instance.id());
            for (Shard shard : instance.shards()) {
                if (backend != null && scope.covers(instance.id(), shard.shardId())) {
                    pending.put(shard, sessionsOf(backend, shard));
                }
            }
        }
        // Each shard has its timeout from when its read starts on the bounded pool; the refresh as a whole waits
        // no longer than the reads it holds would take one after another on that pool, at their longest.
        long waves = (pending.size() + options.ioThreads() - 1) / options.ioThreads();
        Deadline deadline = Deadline.forQueued(options.shardTimeout(), Math.min(waves, MAX_WAVES));
        List<ShardSessions> results = new ArrayList<>();
        for (Map.Entry<Shard, Listing> entry : pending.entrySet()) {
            Shard shard = entry.getKey();
            Listing read = entry.getValue();
            Deadline.Answer<List<Session>> answer = deadline.await(read.result(), read.startedNanos()::get);
            long began = read.startedNanos().get();
            Duration took = began == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - began);
            observe(shard, answer.result(), took);
            results.add(new ShardSessions(shard, answer.ok() ? answer.value() : List.of(), listingError(shard, answer),
                    took));
        }
        return new FleetSnapshot(readAt, Duration.ofNanos(System.nanoTime() - started), described.instances(),
                described.errors(), results);
    }

    private void observe(Shard shard, Deadline.Result result, Duration took) {
        switch (result) {
            case OK -> options.observer().shardRead(shard.instanceId(), ServiceObserver.ReadResult.OK, took.toNanos());
            case FAILED -> options.observer().shardRead(shard.instanceId(), ServiceObserver.ReadResult.ERROR,
                    took.toNanos());
            case TIMED_OUT -> options.observer().shardRead(shard.instanceId(), ServiceObserver.ReadResult.TIMEOUT,
                    took.toNanos());
            default -> { } // the refresh was interrupted, not the shard
        }
    }

    private static String listingError(Shard shard, Deadline.Answer<?> answer) {
        switch (answer.result()) {
            case OK:
                return null;
            case TIMED_OUT:
                return answer.error() + " (the shard may be hung)";
            case INTERRUPTED:
                return "refresh interrupted";
            default:
                if (answer.failure() instanceof BackendException) {
                    return answer.error();
                }
                LOG.error("listing {} failed", shard.key(), answer.failure());
                return "internal error (see the console's log)";
        }
    }

    /** One listing per shard at a time: a hung shard never piles up threads, however often the UI refreshes. */
    private Listing sessionsOf(InstanceBackend backend, Shard shard) {
        return listing.computeIfAbsent(shard.key(), key -> {
            Listing read = new Listing(new CompletableFuture<>(), new AtomicLong());
            io.execute(() -> {
                read.startedNanos().set(System.nanoTime());
                try {
                    List<Session> raw = backend.sessions(shard);
                    List<Session> guarded = new ArrayList<>(raw.size());
                    for (Session session : raw) {
                        guarded.add(Guards.apply(session));
                    }
                    read.result().complete(guarded);
                } catch (Throwable e) {
                    read.result().completeExceptionally(e);
                } finally {
                    listing.remove(key, read);
                }
            });
            return read;
        });
    }

    /** One describe per instance at a time, like listings: a slow cloud endpoint never piles up threads. */
    private CompletableFuture<List<Instance>> describeOf(String instanceId, InstanceBackend backend) {
        return once(describing, instanceId, backend::describe);
    }

    /** The call under {@code key} already running, or a new one on the pool. */
    private <T> CompletableFuture<T> once(Map<String, CompletableFuture<T>> running, String key, Callable<T> call) {
        return running.computeIfAbsent(key, k -> {
            CompletableFuture<T> future = new CompletableFuture<>();
            io.execute(() -> {
                try {
                    future.complete(call.call());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                } finally {
                    running.remove(k, future);
                }
            });
            return future;
        });
    }

    private Described describeAll(Scope scope, Caller caller) {
        Map<String, CompletableFuture<List<Instance>>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, InstanceBackend> entry : fleet.all().entrySet()) {
            String id = entry.getKey();
            if ((scope.instanceId() == null || scope.instanceId().equals(id)) && caller.mayTouch(id)) {
                pending.put(id, describeOf(id, entry.getValue()));
            }
        }
        Deadline deadline = Deadline.after(options.shardTimeout());
        List<Instance> instances = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<List<Instance>>> entry : pending.entrySet()) {
            Deadline.Answer<List<Instance>> answer = deadline.await(entry.getValue());
            if (answer.ok()) {
                instances.addAll(answer.value());
            } else {
                errors.put(entry.getKey(), answer.error());
            }
        }
        return new Described(instances, errors);
    }

    /**
     * Tries an instance configuration without adopting it (the inventory dialog's "Test connection"): a
     * temporary backend describes the instance and lists each shard with the normal timeouts, then closes.
     */
    List<ProbeResult> probe(InstanceConfig config) {
        InstanceBackend backend = fleet.open(config);
        try {
            Deadline deadline = Deadline.after(options.shardTimeout());
            Deadline.Answer<List<Instance>> described = deadline.await(CompletableFuture.supplyAsync(
                    () -> call(backend::describe), io));
            if (!described.ok()) {
                return List.of(new ProbeResult(config.id(), described.error(), 0));
            }
            Map<Shard, CompletableFuture<List<Session>>> pending = new LinkedHashMap<>();
            for (Instance instance : described.value()) {
                for (Shard shard : instance.shards()) {
                    pending.put(shard, CompletableFuture.supplyAsync(() -> call(() -> backend.sessions(shard)), io));
                }
            }
            List<ProbeResult> results = new ArrayList<>();
            for (Map.Entry<Shard, CompletableFuture<List<Session>>> entry : pending.entrySet()) {
                Deadline.Answer<List<Session>> answer = deadline.await(entry.getValue());
                results.add(answer.ok() ? new ProbeResult(entry.getKey().shardId(), null, answer.value().size())
                        : new ProbeResult(entry.getKey().shardId(), answer.error(), 0));
            }
            return results;
        } finally {
            backend.close();
        }
    }

    /** Runs a backend call inside a future, its checked failure carried as the completion's cause. */
    private static <T> T call(Callable<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e); // get() hands on the cause
        }
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
