package com.sessionconsole.killsession;

import com.sessionconsole.common.Threads;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.ApiCalls;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.killsession.ShardReads.EachShard;
import com.sessionconsole.killsession.ShardReads.ShardAnswer;
import com.sessionconsole.killsession.ShardReads.ShardCall;
import com.sessionconsole.killsession.ShardReads.ShardRead;
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
    private final Map<String, Running<?>> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<List<Instance>>> describing = new ConcurrentHashMap<>();

    /** One shard's call, shared by the callers that ask while it runs, and when it began (0: still queued). */
    private record Running<T>(CompletableFuture<T> result, AtomicLong startedNanos) {
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
        running.clear();
        describing.clear();
    }

    /** The instances in scope with their shards, no sessions. */
    FleetSnapshot instances(Scope scope, Caller caller) {
        Instant start = clock.instant();
        Described described = describeAll(scope, caller);
        return new FleetSnapshot(start, Duration.between(start, clock.instant()), described.instances(),
                described.errors(), List.of());
    }

    /**
     * The sessions of every shard in scope, read in parallel. A read that waits for its turn under a cloud API's
     * rate limit holds no thread of the pool meanwhile, and the refresh waits as long as that limit makes it take.
     */
    FleetSnapshot sessions(Scope scope, Caller caller) throws KillSessionException {
        EachShard<List<Session>> read = eachShard("sessions", scope, caller, new ShardRead<>() {
            @Override
            public CompletableFuture<List<Session>> start(InstanceBackend backend, Shard shard, ExecutorService pool,
                                                          Runnable started) {
                return backend.sessions(shard, pool, started).thenApply(raw -> {
                    List<Session> guarded = new ArrayList<>(raw.size());
                    for (Session session : raw) {
                        guarded.add(Guards.apply(session));
                    }
                    return guarded;
                });
            }

            @Override
            public List<ApiCalls> calls(InstanceBackend backend, Shard shard) {
                return backend.listingCalls(shard);
            }
        });
        List<ShardSessions> results = new ArrayList<>();
        for (ShardAnswer<List<Session>> answer : read.answers()) {
            results.add(new ShardSessions(answer.shard(), answer.ok() ? answer.value() : List.of(), answer.error(),
                    answer.took()));
        }
        return new FleetSnapshot(read.readAt(), read.took(), read.instances(), read.instanceErrors(), results,
                read.pace());
    }

    /** As {@link #eachShard(String, Scope, Caller, ShardRead)}, for a blocking call run on the pool. */
    <T> EachShard<T> eachShard(String kind, Scope scope, Caller caller, ShardCall<T> call)
            throws KillSessionException {
        return eachShard(kind, scope, caller, ShardReads.onPool(call));
    }

    /**
     * Runs {@code read} on every shard in scope. Each shard has its timeout from when its read starts on the bounded
     * pool (or, under a cloud API's rate limit, from when its first call is sent); the whole waits no longer than
     * the reads would take one after another on that pool, at their longest, or than the rate limit makes them
     * take. One read of a {@code kind} per shard at a time: a hung shard never piles up threads, however often the
     * window asks.
     */
    <T> EachShard<T> eachShard(String kind, Scope scope, Caller caller, ShardRead<T> read)
            throws KillSessionException {
        long started = System.nanoTime();
        Instant readAt = clock.instant();
        Described described = describeAll(scope, caller);
        if (scope.shardId() != null && described.errors().isEmpty() && described.instances().stream()
                .flatMap(i -> i.shards().stream()).noneMatch(s -> s.shardId().equals(scope.shardId()))) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardId: instance " + scope.instanceId() + " has no shard " + scope.shardId());
        }
        Map<Shard, Running<T>> pending = new LinkedHashMap<>();
        List<ApiCalls> calls = new ArrayList<>();
        for (Instance instance : described.instances()) {
            InstanceBackend backend = fleet.backend(instance.id());
            for (Shard shard : instance.shards()) {
                if (backend != null && scope.covers(instance.id(), shard.shardId())) {
                    calls.addAll(read.calls(backend, shard));
                    pending.put(shard, runOnce(kind, backend, shard, read));
                }
            }
        }
        ApiPace pace = ApiPace.of(calls);
        Deadline deadline = deadline(pending.size(), pace);
        List<ShardAnswer<T>> answers = new ArrayList<>();
        for (Map.Entry<Shard, Running<T>> entry : pending.entrySet()) {
            Shard shard = entry.getKey();
            Running<T> running = entry.getValue();
            Deadline.Answer<T> answer = deadline.await(running.result(), running.startedNanos()::get);
            long began = running.startedNanos().get();
            Duration took = began == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - began);
            observe(shard, answer.result(), took);
            answers.add(new ShardAnswer<>(shard, answer.ok() ? answer.value() : null, shardError(kind, shard, answer),
                    took));
        }
        return new EachShard<>(readAt, Duration.ofNanos(System.nanoTime() - started), described.instances(),
                described.errors(), answers, pace);
    }

    /**
     * Each shard has its timeout from when its read starts; the refresh as a whole waits no longer than the reads
     * it holds would take one after another on the pool, at their longest, or than the rate limit makes the cloud
     * shards take.
     */
    private Deadline deadline(int reads, ApiPace pace) {
        long waves = (reads + options.ioThreads() - 1) / options.ioThreads();
        Duration paced = pace == null ? Duration.ZERO : pace.least().multipliedBy(2).plus(options.shardTimeout());
        return Deadline.forQueued(options.shardTimeout(), Math.min(waves, MAX_WAVES), paced);
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

    private static String shardError(String kind, Shard shard, Deadline.Answer<?> answer) {
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
                LOG.error("reading the {} of {} failed", kind, shard.key(), answer.failure());
                return "internal error (see the console's log)";
        }
    }

    /** The read of this kind already running on the shard, or a new one started. */
    @SuppressWarnings("unchecked")
    private <T> Running<T> runOnce(String kind, InstanceBackend backend, Shard shard, ShardRead<T> read) {
        String key = kind + " " + shard.key();
        Running<T> mine = new Running<>(new CompletableFuture<>(), new AtomicLong());
        Running<T> already = (Running<T>) running.putIfAbsent(key, mine);
        if (already != null) {
            return already;
        }
        CompletableFuture<T> raw;
        try {
            raw = read.start(backend, shard, io, () -> mine.startedNanos().set(System.nanoTime()));
        } catch (RuntimeException e) {
            raw = CompletableFuture.failedFuture(e);
        }
        raw.whenComplete((value, failure) -> {
            // Gone from the map before it completes: a caller that asks after this answer gets a read of its own.
            running.remove(key, mine);
            if (failure != null) {
                mine.result().completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                mine.result().complete(value);
            }
        });
        return mine;
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
        Map<String, InstanceBackend> backends = fleet.all();
        String wanted = scope.instanceId();
        InstanceBackend holder = wanted == null ? null : fleet.backend(wanted);
        for (Map.Entry<String, InstanceBackend> entry : backends.entrySet()) {
            String id = entry.getKey();
            InstanceBackend backend = entry.getValue();
            boolean describe = backend.discovers()
                    // an account: for the whole fleet, or for an instance it (or, not known yet, any account) may hold
                    ? wanted == null || !backends.containsKey(wanted) && (holder == null || holder == backend)
                    : (wanted == null || wanted.equals(id)) && caller.mayTouch(id);
            if (describe) {
                pending.put(id, describeOf(id, backend));
            }
        }
        Deadline deadline = Deadline.after(options.shardTimeout());
        List<Instance> instances = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<List<Instance>>> entry : pending.entrySet()) {
            InstanceBackend backend = backends.get(entry.getKey());
            Deadline.Answer<List<Instance>> answer = deadline.await(entry.getValue());
            if (!answer.ok()) {
                if (caller.mayTouch(entry.getKey())) {
                    errors.put(entry.getKey(), answer.error());
                }
            } else if (backend.discovers()) {
                for (Instance instance : fleet.found(backend, answer.value())) {
                    if ((wanted == null || wanted.equals(instance.id())) && caller.mayTouch(instance.id())) {
                        instances.add(instance);
                    }
                }
            } else {
                instances.addAll(answer.value());
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
            Deadline.Answer<List<Instance>> described = Deadline.after(options.shardTimeout()).await(
                    CompletableFuture.supplyAsync(() -> ShardReads.call(backend::describe), io));
            if (!described.ok()) {
                return List.of(new ProbeResult(config.id(), described.error(), 0));
            }
            if (backend.discovers()) {
                return ProbeResult.discovered(config, described.value());
            }
            Map<Shard, CompletableFuture<List<Session>>> pending = new LinkedHashMap<>();
            List<ApiCalls> calls = new ArrayList<>();
            for (Instance instance : described.value()) {
                for (Shard shard : instance.shards()) {
                    calls.addAll(backend.listingCalls(shard));
                    pending.put(shard, backend.sessions(shard, io, () -> { }));
                }
            }
            Deadline deadline = deadline(pending.size(), ApiPace.of(calls));
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

    @Override
    public void close() {
        io.shutdownNow();
    }
}
