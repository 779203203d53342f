package com.sessionconsole.killsession;

import com.sessionconsole.dcdb.DcdbInstanceBackend;
import com.sessionconsole.dcdb.DcdbTimeouts;
import com.sessionconsole.fleet.BackendException;
import com.sessionconsole.fleet.Ids;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceBackend;
import com.sessionconsole.fleet.InstanceConfig;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Inventory;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.mysql.MysqlInstanceBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one entry point for listing and killing sessions, shared by the window, the command line and the remote
 * API. It validates requests with the KillSession contract's error codes, applies the guards, gives every
 * accepted request a TaskId and records it in the audit log before any KILL is sent.
 *
 * <p>Thread-safe. Listing runs every shard call on the service's own bounded executor and waits at most
 * {@link ServiceOptions#shardTimeout()} per phase. A kill runs on the caller's thread (which front ends keep off
 * any UI thread), every call of it bounded by the backend's own timeouts: JDBC connect, query and socket
 * timeouts for MySQL shards, the SDK's timeouts and the DescribeFlow deadline for cloud instances.
 */
public final class KillSessionService implements AutoCloseable {
    public static final int MAX_SESSION_IDS = 100;
    private static final String NOTHING_SENT = "internal error (see the console's log); nothing was killed";
    /** Requests of {@link #killAll} running at once, over all shards. */
    static final int KILL_THREADS = 32;
    /**
     * Requests of one shard running at once in {@link #killAll}: one more than its kill connections, so that
     * while three send KILLs the next one reads and records its intent.
     */
    static final int PER_SHARD = 4;
    /** The longest one kill can take with every backend timeout spent (MySQL, dcdb with its flow), and then some. */
    private static final Duration KILL_BOUND = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(KillSessionService.class);

    private final ServiceOptions options;
    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService io;
    private final ExecutorService fanOut;
    private final ExecutorService killers;
    private final Function<InstanceConfig, InstanceBackend> backendFactory;
    private final Map<String, CompletableFuture<List<Session>>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<List<Instance>>> describing = new ConcurrentHashMap<>();
    private volatile Fleet fleet;

    /** The configured instances and their backends; replaced whole when the inventory changes. */
    private record Fleet(Inventory inventory, Map<String, InstanceBackend> backends) {
    }

    private KillSessionService(Inventory inventory, AuditLog audit, ServiceOptions options, Clock clock,
                               Function<InstanceConfig, InstanceBackend> backendFactory) {
        this.options = options;
        this.audit = audit;
        this.clock = clock;
        this.io = new ThreadPoolExecutor(options.ioThreads(), options.ioThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("shard-io"));
        ((ThreadPoolExecutor) io).allowCoreThreadTimeOut(true);
        this.fanOut = Executors.newCachedThreadPool(daemon("kill-lane"));
        this.killers = new ThreadPoolExecutor(KILL_THREADS, KILL_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("kill"));
        ((ThreadPoolExecutor) killers).allowCoreThreadTimeOut(true);
        this.backendFactory = backendFactory != null ? backendFactory : this::defaultBackend;
        this.fleet = build(inventory);
    }

    /** Opens the service on an inventory, with its tasks and audit log in {@code dataDir}. */
    public static KillSessionService open(Inventory inventory, Path dataDir, ServiceOptions options) throws IOException {
        return new KillSessionService(inventory, AuditLog.open(dataDir, options.recentTasks()), options,
                Clock.systemUTC(), null);
    }

    /** As {@link #open}, with a backend for instances of kind dcdb (supplied by the remote API client). */
    public static KillSessionService open(Inventory inventory, Path dataDir, ServiceOptions options,
                                          Function<InstanceConfig, InstanceBackend> backendFactory) throws IOException {
        return new KillSessionService(inventory, AuditLog.open(dataDir, options.recentTasks()), options,
                Clock.systemUTC(), backendFactory);
    }

    private InstanceBackend defaultBackend(InstanceConfig config) {
        if (config.kind() == InstanceKind.MYSQL) {
            return new MysqlInstanceBackend(config, options.mysql(), fanOut);
        }
        return new DcdbInstanceBackend(config, DcdbTimeouts.DEFAULT);
    }

    private Fleet build(Inventory inventory) {
        Map<String, InstanceBackend> backends = new LinkedHashMap<>();
        for (InstanceConfig config : inventory.instances()) {
            backends.put(config.id(), backendFactory.apply(config));
        }
        return new Fleet(inventory, backends);
    }

    public Inventory inventory() {
        return fleet.inventory();
    }

    public AuditLog audit() {
        return audit;
    }

    /** Switches to a new inventory (after the operator edited it); the old backends and pools close. */
    public void replaceInventory(Inventory inventory) {
        Fleet old = fleet;
        fleet = build(inventory);
        // Listings still running belong to the old backends: the next refresh must not be handed their result.
        inFlight.clear();
        describing.clear();
        old.backends().values().forEach(InstanceBackend::close);
    }

    /** One shard's answer to {@link #probe}: null error when it answered, with how many sessions it lists. */
    public record ProbeResult(String target, String error, int sessions) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Tries an instance configuration without adopting it (the inventory dialog's "Test connection"): a
     * temporary backend describes the instance and lists each shard with the normal timeouts, then closes.
     */
    public List<ProbeResult> probe(InstanceConfig config) {
        InstanceBackend backend = backendFactory.apply(config);
        try {
            long deadline = System.nanoTime() + options.shardTimeout().toNanos();
            List<Instance> instances;
            try {
                instances = CompletableFuture.supplyAsync(() -> {
                    try {
                        return backend.describe();
                    } catch (BackendException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, io).get(options.shardTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return List.of(new ProbeResult(config.id(), describe(e.getCause()), 0));
            } catch (TimeoutException e) {
                return List.of(new ProbeResult(config.id(), "no answer within " + options.shardTimeout().toSeconds() + " s", 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of(new ProbeResult(config.id(), "interrupted", 0));
            }
            Map<Shard, CompletableFuture<List<Session>>> pending = new LinkedHashMap<>();
            for (Instance instance : instances) {
                for (Shard shard : instance.shards()) {
                    pending.put(shard, CompletableFuture.supplyAsync(() -> {
                        try {
                            return backend.sessions(shard);
                        } catch (BackendException e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    }, io));
                }
            }
            List<ProbeResult> results = new ArrayList<>();
            for (Map.Entry<Shard, CompletableFuture<List<Session>>> entry : pending.entrySet()) {
                String target = entry.getKey().shardId();
                try {
                    List<Session> sessions = entry.getValue().get(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                    results.add(new ProbeResult(target, null, sessions.size()));
                } catch (ExecutionException e) {
                    results.add(new ProbeResult(target, describe(e.getCause()), 0));
                } catch (TimeoutException e) {
                    results.add(new ProbeResult(target, "no answer within " + options.shardTimeout().toSeconds() + " s", 0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    results.add(new ProbeResult(target, "interrupted", 0));
                }
            }
            return results;
        } finally {
            backend.close();
        }
    }

    // ------------------------------------------------------------------ listing

    /** The instances the caller may see, with their shards. Cloud instances are described in parallel. */
    public FleetSnapshot describe(Caller caller) {
        Instant start = clock.instant();
        Described described = describe(Scope.FLEET, caller);
        return new FleetSnapshot(start, Duration.between(start, clock.instant()), described.instances,
                described.errors, List.of());
    }

    /** One instance the caller may see, with its shards (no sessions); refused like a listing of it. */
    public FleetSnapshot describe(String instanceId, Caller caller) throws KillSessionException {
        requireInstance(instanceId, caller);
        Instant start = clock.instant();
        Described described = describe(Scope.instance(instanceId), caller);
        return new FleetSnapshot(start, Duration.between(start, clock.instant()), described.instances,
                described.errors, List.of());
    }

    /** The sessions of every shard in scope, read in parallel; a shard that fails reports its error. */
    public FleetSnapshot listSessions(Scope scope, Caller caller) throws KillSessionException {
        if (scope.instanceId() != null) {
            requireInstance(scope.instanceId(), caller);
        }
        long started = System.nanoTime();
        Instant readAt = clock.instant();
        Described described = describe(scope, caller);
        if (scope.shardId() != null && described.instances.stream()
                .flatMap(i -> i.shards().stream()).noneMatch(s -> s.shardId().equals(scope.shardId()))
                && described.errors.isEmpty()) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardId: instance " + scope.instanceId() + " has no shard " + scope.shardId());
        }
        Map<Shard, CompletableFuture<List<Session>>> pending = new LinkedHashMap<>();
        Map<Shard, Long> startedAt = new ConcurrentHashMap<>();
        for (Instance instance : described.instances) {
            InstanceBackend backend = fleet.backends().get(instance.id());
            for (Shard shard : instance.shards()) {
                if (scope.covers(instance.id(), shard.shardId())) {
                    startedAt.put(shard, System.nanoTime());
                    pending.put(shard, sessionsOf(backend, shard));
                }
            }
        }
        long deadline = started + options.shardTimeout().toNanos();
        List<ShardSessions> results = new ArrayList<>();
        for (Map.Entry<Shard, CompletableFuture<List<Session>>> entry : pending.entrySet()) {
            Shard shard = entry.getKey();
            String error = null;
            List<Session> sessions = List.of();
            try {
                sessions = entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                error = "no answer within " + options.shardTimeout().toSeconds() + " s (the shard may be hung)";
            } catch (ExecutionException e) {
                error = e.getCause() instanceof BackendException ? describe(e.getCause())
                        : "internal error (see the console's log)";
                if (!(e.getCause() instanceof BackendException)) {
                    LOG.error("listing {} failed", shard.key(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "refresh interrupted";
            }
            Duration took = Duration.ofNanos(System.nanoTime() - startedAt.get(shard));
            results.add(new ShardSessions(shard, sessions, error, took));
        }
        return new FleetSnapshot(readAt, Duration.ofNanos(System.nanoTime() - started), described.instances,
                described.errors, results);
    }

    /** One listing per shard at a time: a hung shard never piles up threads, however often the UI refreshes. */
    private CompletableFuture<List<Session>> sessionsOf(InstanceBackend backend, Shard shard) {
        return inFlight.computeIfAbsent(shard.key(), key -> {
            CompletableFuture<List<Session>> future = new CompletableFuture<>();
            io.execute(() -> {
                try {
                    List<Session> raw = backend.sessions(shard);
                    List<Session> guarded = new ArrayList<>(raw.size());
                    for (Session session : raw) {
                        guarded.add(Guards.apply(session));
                    }
                    future.complete(guarded);
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                } finally {
                    inFlight.remove(key, future);
                }
            });
            return future;
        });
    }

    private record Described(List<Instance> instances, Map<String, String> errors) {
    }

    /** One describe per instance at a time, like listings: a slow cloud endpoint never piles up threads. */
    private CompletableFuture<List<Instance>> describeOf(String instanceId, InstanceBackend backend) {
        return describing.computeIfAbsent(instanceId, key -> {
            CompletableFuture<List<Instance>> future = new CompletableFuture<>();
            io.execute(() -> {
                try {
                    future.complete(backend.describe());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                } finally {
                    describing.remove(key, future);
                }
            });
            return future;
        });
    }

    private Described describe(Scope scope, Caller caller) {
        Map<String, CompletableFuture<List<Instance>>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, InstanceBackend> entry : fleet.backends().entrySet()) {
            String id = entry.getKey();
            if ((scope.instanceId() == null || scope.instanceId().equals(id)) && caller.mayTouch(id)) {
                pending.put(id, describeOf(id, entry.getValue()));
            }
        }
        long deadline = System.nanoTime() + options.shardTimeout().toNanos();
        List<Instance> instances = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<List<Instance>>> entry : pending.entrySet()) {
            try {
                instances.addAll(entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                errors.put(entry.getKey(), "no answer within " + options.shardTimeout().toSeconds() + " s");
            } catch (ExecutionException e) {
                errors.put(entry.getKey(), describe(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.put(entry.getKey(), "interrupted");
            }
        }
        return new Described(instances, errors);
    }

    // ------------------------------------------------------------------ killing

    /** One request's answer in {@link #killAll}: its task, or the error that refused or failed it. */
    public record KillResult(KillRequest request, KillTask task, KillSessionException error) {
    }

    /**
     * Sends many requests at once, as the window does for a selection across shards and over 100 sessions.
     * Each request is exactly a {@link #kill}: its own validation, TaskId and audit records. They run side by
     * side, every shard from the start and several requests per shard, so that the requests of one shard share
     * its live reads and its kill connections. Returns one result per request, in the order given.
     */
    public List<KillResult> killAll(List<KillRequest> requests, Caller caller) {
        List<CompletableFuture<KillResult>> results = new ArrayList<>();
        Map<String, Queue<Integer>> byShard = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            results.add(new CompletableFuture<>());
            KillRequest request = requests.get(i);
            String shard = request.instanceId() + "/" + (request.shardId() != null ? request.shardId()
                    : request.shardSerialId());
            byShard.computeIfAbsent(shard, k -> new ConcurrentLinkedQueue<>()).add(i);
        }
        // A few workers per shard take that shard's requests in turn: its requests run side by side (and share
        // its live reads), yet never so many that one waits long for a kill connection.
        List<Runnable> workers = new ArrayList<>();
        for (int turn = 0; turn < PER_SHARD; turn++) {
            for (Queue<Integer> queue : byShard.values()) {
                if (turn < queue.size()) {
                    workers.add(() -> {
                        for (Integer index = queue.poll(); index != null; index = queue.poll()) {
                            try {
                                // A request counts as arriving when a worker takes it up: its guards are
                                // checked on a read begun after that, shared with the others taken up with it.
                                results.get(index).complete(killOne(requests.get(index), caller, System.nanoTime()));
                            } catch (Throwable e) {
                                results.get(index).completeExceptionally(e); // and on to the next request
                            }
                        }
                    });
                }
            }
        }
        for (Runnable worker : workers) {
            try {
                killers.execute(worker);
            } catch (RejectedExecutionException e) {
                // Closing: every request not answered yet is answered so (one already under way still records
                // its outcome in the task history).
                results.forEach(result -> result.completeExceptionally(e));
                break;
            }
        }
        // Every kill is bounded by its backend's timeouts; this bound only guards against a wait without end.
        // A worker runs its shard's requests one after another, and workers beyond the pool's threads wait.
        long perWorker = byShard.values().stream().mapToLong(q -> (q.size() + PER_SHARD - 1) / PER_SHARD)
                .max().orElse(1);
        long waves = perWorker * Math.max(1, (workers.size() + KILL_THREADS - 1) / KILL_THREADS);
        long deadline = System.nanoTime() + KILL_BOUND.toNanos() * Math.max(1, waves);
        List<KillResult> answers = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            KillRequest request = requests.get(i);
            try {
                answers.add(results.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                boolean closing = e.getCause() instanceof RejectedExecutionException;
                answers.add(new KillResult(request, null, new KillSessionException(ErrorCode.INTERNAL_ERROR,
                        closing ? "the console is closing; the task history shows whether it was sent"
                                : "internal error (see the console's log)")));
            } catch (TimeoutException e) {
                answers.add(new KillResult(request, null, new KillSessionException(ErrorCode.INTERNAL_ERROR,
                        "no answer within " + KILL_BOUND.toSeconds() * waves
                                + " s; the task history shows its outcome")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answers.add(new KillResult(request, null, new KillSessionException(ErrorCode.INTERNAL_ERROR,
                        "stopped waiting (interrupted); the task history shows its outcome")));
            }
        }
        return answers;
    }

    private KillResult killOne(KillRequest request, Caller caller, long askedNanos) {
        try {
            return new KillResult(request, kill(request, caller, askedNanos), null);
        } catch (KillSessionException e) {
            return new KillResult(request, null, e);
        } catch (RuntimeException e) {
            LOG.error("a kill request failed", e);
            return new KillResult(request, null, new KillSessionException(ErrorCode.INTERNAL_ERROR,
                    "internal error (see the console's log)"));
        }
    }

    /**
     * Runs one KillSession request to the end and returns its task. Refusals (bad input, no permission,
     * unknown instance) throw before a task exists and are audited as refused; a shard that cannot be reached
     * throws {@link ErrorCode#BACKEND_FAILED} after its task was recorded as failed.
     */
    public KillTask kill(KillRequest request, Caller caller) throws KillSessionException {
        return kill(request, caller, System.nanoTime());
    }

    /**
     * As {@link #kill(KillRequest, Caller)}, for a request that arrived at {@code askedNanos} ({@link
     * System#nanoTime()}), such as an API request that waited for a thread: the guards may be checked on a live
     * read begun at or after that moment, never on an older one.
     */
    public KillTask kill(KillRequest request, Caller caller, long askedNanos) throws KillSessionException {
        Target target;
        List<Long> ids;
        try {
            ids = validate(request);
            if (!caller.mayKill()) {
                throw new KillSessionException(ErrorCode.PERMISSION_DENIED,
                        caller.actor() + " may not kill sessions (read-only)");
            }
            target = resolve(request, caller);
        } catch (KillSessionException e) {
            audit.refused(clock.instant(), caller.actor(), request, e);
            throw e;
        }
        KillMode mode = request.effectiveMode();
        // A CONNECTION kill reads the shard first: a request that needs no KILL (every session gone or protected,
        // or the shard unreachable) is then recorded with one flush, intent and outcome together. Thread ids are
        // never reused, so the read stays good for the KILL that follows the intent. A QUERY kill reads after its
        // intent, right before the KILL: on MySQL, KILL QUERY ends whatever the session runs at that moment, so
        // the check that it still runs the statement shown must be as fresh as it can be.
        Decision decision = null;
        if (mode == KillMode.CONNECTION) {
            Instant at = clock.instant();
            Step step;
            try {
                // Requests sharing one read are settled right after it, on the thread that read: their records
                // then share one flush, and each caller waits once.
                step = target.backend.lookupForKill(target.shard, ids, mode, askedNanos,
                        live -> settleIfNoKill(target, caller, at, ids, decision(ids, mode, request.seen(), live)),
                        AuditLog.WRITE_TIMEOUT_MS);
            } catch (BackendException e) {
                KillTask failed = settle(target, caller, mode, ids, TaskStatus.FAILED, e.getMessage(),
                        allFailed(ids, "not sent: " + e.getMessage()));
                throw new KillSessionException(ErrorCode.BACKEND_FAILED, e.getMessage() + " (task "
                        + failed.taskId() + " recorded as failed; nothing was killed)", failed.taskId());
            } catch (RuntimeException e) {
                LOG.error("deciding a kill on {} failed", target.shard.key(), e);
                KillTask failed = settle(target, caller, mode, ids, TaskStatus.FAILED, NOTHING_SENT,
                        allFailed(ids, "not sent: internal error"));
                throw new KillSessionException(ErrorCode.INTERNAL_ERROR, "internal error before any KILL was sent"
                        + " (task " + failed.taskId() + " recorded as failed; nothing was killed)", failed.taskId());
            }
            if (step.auditFailure() != null) {
                throw new KillSessionException(ErrorCode.INTERNAL_ERROR, "the audit log cannot be written, so"
                        + " nothing was killed: " + audit.failure(step.auditFailure()).getMessage());
            }
            if (step.settled() != null) {
                return step.settled();
            }
            decision = step.decision();
        }
        KillTask task;
        try {
            task = audit.begin(clock.instant(), caller.actor(), target.shard.instanceId(), target.shard.shardId(),
                    target.shard.shardSerialId(), mode, ids);
        } catch (IOException e) {
            throw new KillSessionException(ErrorCode.INTERNAL_ERROR,
                    "the audit log cannot be written, so nothing was killed: " + e.getMessage());
        }
        List<SessionOutcome> outcomes;
        String failure = null;
        boolean sending = false;
        boolean internal = false;
        try {
            if (decision == null) {
                decision = decide(target, ids, mode, request.seen(), System.nanoTime());
            }
            Map<Long, SessionOutcome> decided = new LinkedHashMap<>(decision.decided());
            sending = true;
            for (SessionOutcome outcome : target.backend.kill(target.shard, decision.orders())) {
                decided.put(outcome.sessionId(), outcome);
            }
            outcomes = ordered(ids, decided);
        } catch (BackendException e) {
            failure = e.getMessage();
            outcomes = allFailed(ids, "not sent: " + e.getMessage());
        } catch (RuntimeException e) {
            // Once KILLs may have gone out, say so, do not guess.
            LOG.error("kill task {} failed", task.taskId(), e);
            internal = true;
            failure = sending ? "internal error (see the console's log); some KILLs may have been sent" : NOTHING_SENT;
            outcomes = allFailed(ids, sending ? "outcome unknown: internal error" : "not sent: internal error");
        }
        boolean success = failure == null && outcomes.stream().allMatch(o -> o.outcome().goalMet());
        KillTask finished = task.finish(clock.instant(), success ? TaskStatus.SUCCESS : TaskStatus.FAILED,
                failure == null ? "" : failure, outcomes);
        try {
            audit.finish(finished);
        } catch (IOException e) {
            LOG.error("kill task {} ran but its outcome could not be recorded: {}", task.taskId(), e.getMessage());
            throw new KillSessionException(ErrorCode.INTERNAL_ERROR, "task " + task.taskId()
                    + " ran but its outcome could not be recorded in the audit log: " + e.getMessage(), task.taskId());
        }
        if (failure != null && internal) {
            throw new KillSessionException(ErrorCode.INTERNAL_ERROR, failure + " (task " + task.taskId()
                    + " recorded as failed)", task.taskId());
        }
        if (failure != null) {
            throw new KillSessionException(ErrorCode.BACKEND_FAILED, failure + " (task " + task.taskId()
                    + " recorded as failed; nothing was killed)", task.taskId());
        }
        return finished;
    }

    /** What came of a CONNECTION kill's read: the task, if it needed no KILL, or the decision to go on with. */
    private record Step(Decision decision, KillTask settled, Throwable auditFailure) {
    }

    /**
     * A kill that needs no KILL (every session gone or protected) is recorded, intent and outcome with one
     * flush, without waiting here: this may run on another request's thread, right after the read they share.
     */
    private CompletableFuture<Step> settleIfNoKill(Target target, Caller caller, Instant at, List<Long> ids,
                                                   Decision decision) {
        if (!decision.orders().isEmpty()) {
            return CompletableFuture.completedFuture(new Step(decision, null, null));
        }
        List<SessionOutcome> outcomes = ordered(ids, decision.decided());
        TaskStatus status = outcomes.stream().allMatch(o -> o.outcome().goalMet()) ? TaskStatus.SUCCESS
                : TaskStatus.FAILED;
        return audit.settling(at, caller.actor(), target.shard.instanceId(), target.shard.shardId(),
                        target.shard.shardSerialId(), KillMode.CONNECTION, ids,
                        task -> task.finish(clock.instant(), status, "", outcomes))
                .handle((task, failure) -> new Step(decision, task, failure));
    }

    /** Records a task that sends no KILL, intent and outcome with one flush, and returns it finished. */
    private KillTask settle(Target target, Caller caller, KillMode mode, List<Long> ids, TaskStatus status,
                            String detail, List<SessionOutcome> outcomes) throws KillSessionException {
        try {
            return audit.settled(clock.instant(), caller.actor(), target.shard.instanceId(), target.shard.shardId(),
                    target.shard.shardSerialId(), mode, ids, task -> task.finish(clock.instant(), status, detail,
                            outcomes));
        } catch (IOException e) {
            throw new KillSessionException(ErrorCode.INTERNAL_ERROR,
                    "the audit log cannot be written, so nothing was killed: " + e.getMessage());
        }
    }

    private static List<SessionOutcome> allFailed(List<Long> ids, String why) {
        List<SessionOutcome> failed = new ArrayList<>(ids.size());
        for (long id : ids) {
            failed.add(new SessionOutcome(id, Outcome.FAILED, why));
        }
        return failed;
    }

    private static List<SessionOutcome> ordered(List<Long> ids, Map<Long, SessionOutcome> decided) {
        List<SessionOutcome> ordered = new ArrayList<>(ids.size());
        for (long id : ids) {
            ordered.add(decided.get(id));
        }
        return ordered;
    }

    /** Sessions settled without a KILL (gone, protected, statement changed), and the KILLs to send. */
    private record Decision(Map<Long, Session> live, Map<Long, SessionOutcome> decided, List<KillOrder> orders) {
    }

    /** @param askedNanos for a kill, when its request arrived; null for a preview */
    private Decision decide(Target target, List<Long> ids, KillMode mode, Map<Long, String> seen, Long askedNanos)
            throws BackendException {
        // A preview shows what will be lost (transactions); a kill needs only what the guards check.
        return askedNanos != null
                ? target.backend.lookupForKill(target.shard, ids, mode, askedNanos,
                        live -> CompletableFuture.completedFuture(decision(ids, mode, seen, live)), 0)
                : decision(ids, mode, seen, target.backend.lookup(target.shard, ids));
    }

    /** What the guards make of the sessions found live: which to kill, and how the others end. */
    private static Decision decision(List<Long> ids, KillMode mode, Map<Long, String> seen, Map<Long, Session> live) {
        Map<Long, SessionOutcome> decided = new LinkedHashMap<>();
        List<KillOrder> orders = new ArrayList<>();
        for (long id : ids) {
            Session session = live.get(id);
            String protectedBy = session == null ? null : Guards.reason(session);
            if (session == null) {
                decided.put(id, new SessionOutcome(id, Outcome.ALREADY_GONE, "no such session: it has ended"));
            } else if (protectedBy != null) {
                decided.put(id, new SessionOutcome(id, Outcome.PROTECTED, protectedBy));
            } else if (mode == KillMode.QUERY && session.statement() == null) {
                decided.put(id, new SessionOutcome(id, Outcome.ALREADY_GONE,
                        "no statement running, nothing to end (kill the connection to end an idle session)"));
            } else if (mode == KillMode.QUERY && seen.containsKey(id)
                    && !sameStatement(seen.get(id), session.statement())) {
                decided.put(id, new SessionOutcome(id, Outcome.ALREADY_GONE,
                        "the statement shown has ended; the session now runs another one, which was left alone"));
            } else {
                Long queryId = mode == KillMode.QUERY && seen.containsKey(id) ? session.queryId() : null;
                orders.add(new KillOrder(id, mode, queryId));
            }
        }
        return new Decision(live, decided, orders);
    }

    /**
     * What {@link #kill} would do with this request now, without sending a KILL or writing a task: the same
     * validation, guards and live lookup.
     */
    public KillPreview preview(KillRequest request, Caller caller) throws KillSessionException {
        List<Long> ids = validate(request);
        Target target = resolve(request, caller);
        KillMode mode = request.effectiveMode();
        Decision decision;
        try {
            decision = decide(target, ids, mode, request.seen(), null);
        } catch (BackendException e) {
            throw new KillSessionException(ErrorCode.BACKEND_FAILED, e.getMessage());
        }
        List<KillPreview.Item> items = new ArrayList<>();
        for (long id : ids) {
            SessionOutcome settled = decision.decided().get(id);
            Session session = decision.live().get(id);
            Session shown = session == null ? null : Guards.apply(session);
            items.add(settled == null ? new KillPreview.Item(id, shown, Outcome.KILLED, "")
                    : new KillPreview.Item(id, shown, settled.outcome(), settled.message()));
        }
        return new KillPreview(target.shard, mode, items);
    }

    /** An empty {@code seen} statement means the operator saw the session idle. */
    private static boolean sameStatement(String seen, String now) {
        return seen.strip().equals(now == null ? "" : now.strip());
    }

    /** A failure's message for the operator: never null, never a stack trace. */
    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getName() : message;
    }

    private record Target(InstanceBackend backend, Shard shard) {
    }

    /** The contract's checks, in the contract's words; the message always names the field. */
    static List<Long> validate(KillRequest request) throws KillSessionException {
        if (request.instanceId() == null || request.instanceId().isBlank()) {
            throw new KillSessionException(ErrorCode.MISSING_PARAMETER, "InstanceId is required");
        }
        if (!Ids.isInstanceId(request.instanceId())) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "InstanceId: '" + printable(request.instanceId()) + "' is not an instance id");
        }
        boolean hasShardId = request.shardId() != null && !request.shardId().isBlank();
        boolean hasSerial = request.shardSerialId() != null && !request.shardSerialId().isBlank();
        if (!hasShardId && !hasSerial) {
            throw new KillSessionException(ErrorCode.MISSING_PARAMETER, "ShardId or ShardSerialId is required");
        }
        if (hasShardId && !Ids.isShardId(request.shardId())) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardId: '" + printable(request.shardId()) + "' is not a ShardId (shard-xxxx)");
        }
        if (hasSerial && !Ids.isShardSerialId(request.shardSerialId())) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardSerialId: '" + printable(request.shardSerialId()) + "' is not a ShardSerialId (set_xxxx)");
        }
        if (request.sessionIds() == null || request.sessionIds().isEmpty()) {
            throw new KillSessionException(ErrorCode.MISSING_PARAMETER, "SessionId is required (1 to "
                    + MAX_SESSION_IDS + " session ids)");
        }
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        for (Long id : request.sessionIds()) {
            if (id == null || id <= 0) {
                throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                        "SessionId: " + id + " is not a session id (a positive integer)");
            }
            ids.add(id);
        }
        if (ids.size() > MAX_SESSION_IDS) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER, "SessionId: " + ids.size()
                    + " distinct ids given, at most " + MAX_SESSION_IDS + " per request");
        }
        return new ArrayList<>(ids);
    }

    private Target resolve(KillRequest request, Caller caller) throws KillSessionException {
        InstanceBackend backend = requireInstance(request.instanceId(), caller);
        List<Instance> instances;
        try {
            instances = backend.describe();
        } catch (BackendException e) {
            throw new KillSessionException(ErrorCode.BACKEND_FAILED, e.getMessage());
        }
        Shard byId = null;
        Shard bySerial = null;
        for (Instance instance : instances) {
            if (!instance.id().equals(request.instanceId())) {
                continue;
            }
            for (Shard shard : instance.shards()) {
                if (shard.shardId().equals(request.shardId())) {
                    byId = shard;
                }
                if (shard.shardSerialId().equals(request.shardSerialId())) {
                    bySerial = shard;
                }
            }
        }
        if (request.shardId() != null && !request.shardId().isBlank() && byId == null) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardId: instance " + request.instanceId() + " has no shard " + request.shardId());
        }
        if (request.shardSerialId() != null && !request.shardSerialId().isBlank() && bySerial == null) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER,
                    "ShardSerialId: instance " + request.instanceId() + " has no shard " + request.shardSerialId());
        }
        if (byId != null && bySerial != null && !byId.equals(bySerial)) {
            throw new KillSessionException(ErrorCode.INVALID_PARAMETER, "ShardId and ShardSerialId name different"
                    + " shards (" + byId.shardId() + " is " + byId.shardSerialId() + ", not "
                    + request.shardSerialId() + ")");
        }
        return new Target(backend, byId != null ? byId : bySerial);
    }

    private InstanceBackend requireInstance(String instanceId, Caller caller) throws KillSessionException {
        if (!caller.mayTouch(instanceId)) {
            throw new KillSessionException(ErrorCode.PERMISSION_DENIED,
                    caller.actor() + " may not touch instance " + instanceId);
        }
        InstanceBackend backend = fleet.backends().get(instanceId);
        if (backend == null) {
            throw new KillSessionException(ErrorCode.INSTANCE_NOT_FOUND, "InstanceId: no instance " + instanceId);
        }
        return backend;
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }

    // ------------------------------------------------------------------ tasks

    public Optional<KillTask> task(long taskId) {
        return audit.task(taskId);
    }

    /**
     * The newest tasks ({@link ServiceOptions#recentTasks()} of them, and any older one still without an outcome),
     * newest first; an older task answers {@link #task(long)}.
     */
    public List<KillTask> tasks() {
        return audit.tasks();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        fleet.backends().values().forEach(InstanceBackend::close);
        io.shutdownNow();
        killers.shutdownNow();
        fanOut.shutdownNow();
        try {
            audit.close();
        } catch (IOException e) {
            LOG.warn("closing the audit log: {}", e.getMessage());
        }
    }
}
