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

    /** The sessions of every shard in scope, read in parallel. */
    FleetSnapshot sessions(Scope scope, Caller caller) throws KillSessionException {
        EachShard<List<Session>> read = eachShard("sessions", scope, caller, (backend, shard) -> {
            List<Session> raw = backend.sessions(shard);
            List<Session> guarded = new ArrayList<>(raw.size());
            for (Session session : raw) {
                guarded.add(Guards.apply(session));
            }
            return guarded;
        });
        List<ShardSessions> results = new ArrayList<>();
        for (ShardAnswer<List<Session>> answer : read.answers()) {
            results.add(new ShardSessions(answer.shard(), answer.ok() ? answer.value() : List.of(), answer.error(),
                    answer.took()));
        }
        return new FleetSnapshot(read.readAt(), read.took(), read.instances(), read.instanceErrors(), results);
    }

    /** One shard's answer to a call made on every shard in scope: its value, or why there is none. */
    record ShardAnswer<T>(Shard shard, T value, String error, Duration took) {
        boolean ok() {
            return error == null;
        }
    }

    /** A call made on every shard in scope: the instances described, and each shard's answer. */
    record EachShard<T>(Instant readAt, Duration took, List<Instance> instances, Map<String, String> instanceErrors,
                        List<ShardAnswer<T>> answers) {
    }

    /** A read of one shard, on the bounded pool. */
    @FunctionalInterface
    interface ShardCall<T> {
        T call(InstanceBackend backend, Shard shard) throws Exception;
    }

    /**
     * Runs {@code call} on every shard in scope on the bounded pool. Each shard has its timeout from when its call
     * starts; the whole waits no longer than the calls would take one after another on that pool, at their
     * longest. One call of a {@code kind} per shard at a time: a hung shard never piles up threads, however often
     * the window asks.
     */
    <T> EachShard<T> eachShard(String kind, Scope scope, Caller caller, ShardCall<T> call)
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
        for (Instance instance : described.instances()) {
            InstanceBackend backend = fleet.backend(instance.id());
            for (Shard shard : instance.shards()) {
                if (backend != null && scope.covers(instance.id(), shard.shardId())) {
                    pending.put(shard, runOnce(kind, backend, shard, call));
                }
            }
        }
        long waves = (pending.size() + options.ioThreads() - 1) / options.ioThreads();
        Deadline deadline = Deadline.forQueued(options.shardTimeout(), Math.min(waves, MAX_WAVES));
        List<ShardAnswer<T>> answers = new ArrayList<>();
        for (Map.Entry<Shard, Running<T>> entry : pending.entrySet()) {
            Shard shard = entry.getKey();
            Running<T> read = entry.getValue();
            Deadline.Answer<T> answer = deadline.await(read.result(), read.startedNanos()::get);
            long began = read.startedNanos().get();
            Duration took = began == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - began);
            observe(shard, answer.result(), took);
            answers.add(new ShardAnswer<>(shard, answer.ok() ? answer.value() : null, shardError(kind, shard, answer),
                    took));
        }
        return new EachShard<>(readAt, Duration.ofNanos(System.nanoTime() - started), described.instances(),
                described.errors(), answers);
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

    /** The call of this kind already running on the shard, or a new one queued on the pool. */
    @SuppressWarnings("unchecked")
    private <T> Running<T> runOnce(String kind, InstanceBackend backend, Shard shard, ShardCall<T> call) {
        return (Running<T>) running.computeIfAbsent(kind + " " + shard.key(), key -> {
            Running<T> read = new Running<>(new CompletableFuture<>(), new AtomicLong());
            io.execute(() -> {
                read.startedNanos().set(System.nanoTime());
                try {
                    read.result().complete(call.call(backend, shard));
                } catch (Throwable e) {
                    read.result().completeExceptionally(e);
                } finally {
                    running.remove(key, read);
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
