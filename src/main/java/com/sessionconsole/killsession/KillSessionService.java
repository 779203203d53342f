package com.sessionconsole.killsession;

import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.ApiCalls;
import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.audit.AuditStore;
import com.sessionconsole.killsession.audit.RequestLedger;
import com.sessionconsole.killsession.audit.AuditStoreFactory;
import com.sessionconsole.killsession.audit.FileAuditStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point for listing and killing sessions, shared by the window, the command line and the remote
 * API. It validates requests with the KillSession contract's error codes, applies the guards, gives every
 * accepted request a TaskId and records it in the audit store before any KILL is sent.
 *
 * <p>Thread-safe. Listing runs every shard call on the service's own bounded pool and waits at most
 * {@link ServiceOptions#shardTimeout()} per phase ({@link FleetReader}). A kill runs on the caller's thread (which
 * front ends keep off any UI thread), every call of it bounded ({@link KillRunner}); {@link #killAll} runs many
 * side by side ({@link KillBatch}).
 */
public final class KillSessionService implements AutoCloseable {
    public static final int MAX_SESSION_IDS = RequestCheck.MAX_SESSION_IDS;
    private static final Logger LOG = LoggerFactory.getLogger(KillSessionService.class);

    private final FleetBackends fleet;
    private final AuditStore audit;
    private final FleetReader reader;
    private final RequestCheck check;
    private final KillRunner runner;
    private final KillBatch batch;
    private final LockChainReader locks;

    private KillSessionService(Inventory inventory, AuditStore store, ServiceOptions given, Clock clock,
                               BackendFactory backends) {
        // The inventory's settings.fanOut, when it gives one, bounds the shard reads (a new one applies at the next start).
        int fanOut = inventory.settings().fanOut();
        ServiceOptions options = fanOut > 0 ? given.withIoThreads(fanOut) : given;
        AuditStore audit = ObservedAuditStore.of(store, options.observer());
        this.fleet = new FleetBackends(inventory, backends, audit.consoleConnections());
        this.audit = audit;
        this.reader = new FleetReader(fleet, options, clock);
        this.check = new RequestCheck(fleet);
        this.runner = new KillRunner(check, audit, options, clock);
        this.batch = new KillBatch(runner);
        this.locks = new LockChainReader(reader, check, options);
    }

    /**
     * Opens the service on an inventory, with its tasks and audit log in {@code dataDir}.
     *
     * @param backends makes each instance's backend; the service owns it from now on and closes it last
     */
    public static KillSessionService open(Inventory inventory, Path dataDir, ServiceOptions options,
                                          BackendFactory backends) throws IOException {
        return open(inventory, FileAuditStore.open(dataDir, options.recentTasks(), options.auditFiles()), options, backends);
    }

    /**
     * Opens the service with the audit store the inventory's settings name ({@code settings.audit}): the file
     * store in {@code dataDir}, or a database shared with other consoles and {@code serve} replicas.
     */
    public static KillSessionService open(Inventory inventory, Path dataDir, ServiceOptions options,
                                          BackendFactory backends, AuditStoreFactory audits) throws IOException {
        AuditStore audit = audits.open(inventory.settings().audit(), dataDir, options.recentTasks());
        return open(inventory, audit, options, backends);
    }

    /** As {@link #open(Inventory, Path, ServiceOptions, BackendFactory)}, on an audit store already open. */
    public static KillSessionService open(Inventory inventory, AuditStore audit, ServiceOptions options,
                                          BackendFactory backends) {
        return new KillSessionService(inventory, audit, options, Clock.systemUTC(), backends);
    }

    public Inventory inventory() {
        return fleet.inventory();
    }

    /** Switches to a new inventory (after the operator edited it); the old backends and pools close. */
    public void replaceInventory(Inventory inventory) {
        fleet.replace(inventory);
        reader.forget();
    }

    /** Tries an instance configuration without adopting it: each shard listed with the normal timeouts. */
    public List<ProbeResult> probe(InstanceConfig config) {
        return reader.probe(config);
    }

    /** The instances the caller may see, with their shards. Cloud instances are described in parallel. */
    public FleetSnapshot instances(Caller caller) {
        return reader.instances(Scope.FLEET, caller);
    }

    /** One instance the caller may see, with its shards (no sessions); refused like a listing of it. */
    public FleetSnapshot instance(String instanceId, Caller caller) throws KillSessionException {
        check.instance(instanceId, caller);
        return reader.instances(Scope.instance(instanceId), caller);
    }

    /** The sessions of every shard in scope, read in parallel; a shard that fails reports its error. */
    public FleetSnapshot listSessions(Scope scope, Caller caller) throws KillSessionException {
        if (scope.instanceId() != null) {
            check.instance(scope.instanceId(), caller);
        }
        return reader.sessions(scope, caller);
    }

    /**
     * The lock chains of every shard in scope, read in parallel like a listing: per shard, a tree from each root
     * blocker down to every session waiting for it, with how many sessions its kill would free.
     */
    public FleetLockChains lockChains(Scope scope, Caller caller) throws KillSessionException {
        if (scope.instanceId() != null) {
            check.instance(scope.instanceId(), caller);
        }
        return locks.chains(scope, caller);
    }

    /**
     * The plan of the statement a session runs now, read on the caller's thread within one shard timeout. A
     * statement that ended meanwhile is an answer ({@link ExplainPlan#none}); a backend that cannot explain
     * (dcdb) is refused with {@link ErrorCode#UNSUPPORTED_OPERATION}.
     */
    public ExplainPlan explain(String instanceId, String shardId, long sessionId, Caller caller)
            throws KillSessionException {
        return locks.explain(instanceId, shardId, sessionId, caller);
    }

    /** The shard a request names by ShardId, ShardSerialId or both, refused with the contract's codes. */
    public Shard shard(String instanceId, String shardId, String shardSerialId, Caller caller)
            throws KillSessionException {
        return check.shard(instanceId, shardId, shardSerialId, caller);
    }

    /**
     * Whether the instance's backend can end only a statement (KILL QUERY); the dcdb API ends connections only,
     * and a QUERY request to such an instance is refused with {@link ErrorCode#UNSUPPORTED_OPERATION}.
     */
    public boolean killsQueries(String instanceId, Caller caller) throws KillSessionException {
        return check.instance(instanceId, caller).killsQueries();
    }

    /** What {@link #kill} would do with this request now, without sending a KILL or recording a task. */
    public KillPreview preview(KillRequest request, Caller caller) throws KillSessionException {
        return runner.preview(request, caller);
    }

    /**
     * Runs one KillSession request to the end and returns its task. Refusals (bad input, no permission, unknown
     * instance) throw before a task exists and are audited as refused; a shard that cannot be reached throws
     * {@link ErrorCode#BACKEND_FAILED} after its task was recorded as failed.
     */
    public KillTask kill(KillRequest request, Caller caller) throws KillSessionException {
        return runner.kill(request, caller);
    }

    /**
     * Records a request that could not even be previewed because its shard cannot be reached: its task is
     * recorded as failed, nothing sent. Returns the error that tells the caller so, with the TaskId.
     */
    public KillSessionException recordNotSent(KillRequest request, Caller caller, String why)
            throws KillSessionException {
        return runner.recordNotSent(request, caller, why);
    }

    /**
     * The least time these requests take under the cloud API's rate limits (their live reads, KillSession and
     * DescribeFlow calls), from what the console knows now; null when none goes through a rate-limited API.
     * Answers at once, without I/O: the confirmation shows it before the operator decides.
     */
    public ApiPace killPace(List<KillRequest> requests) {
        List<ApiCalls> calls = new ArrayList<>();
        for (KillRequest request : requests) {
            InstanceBackend backend = fleet.backend(request.instanceId());
            if (backend != null) {
                calls.addAll(backend.killCalls(new Shard(request.instanceId(), request.shardId(),
                        request.shardSerialId(), "", "")));
            }
        }
        return ApiPace.of(calls);
    }

    /** Sends many requests at once, each exactly a {@link #kill}; one result per request, in the order given. */
    public List<KillResult> killAll(List<KillRequest> requests, Caller caller) {
        return batch.killAll(requests, caller);
    }

    /** The ledger of signed requests shared with other {@code serve} replicas, when the audit store has one. */
    public Optional<RequestLedger> requestLedger() {
        return audit.requestLedger();
    }

    /** One task, of any age; {@link ErrorCode#AUDIT_UNAVAILABLE} when the audit store cannot be read. */
    public Optional<KillTask> task(long taskId) throws KillSessionException {
        try {
            return audit.task(taskId);
        } catch (IOException e) {
            throw new KillSessionException(ErrorCode.AUDIT_UNAVAILABLE, "the audit store cannot be read: "
                    + e.getMessage());
        }
    }

    /** The newest tasks ({@link ServiceOptions#recentTasks()} of them, and any older one still running). */
    public List<KillTask> tasks() {
        return audit.tasks();
    }

    /** Where the tasks and the audit records are kept, for the operator. */
    public String auditLocation() {
        return audit.location();
    }

    /** Outcomes of tasks that ran but are not in the audit store yet; after {@link #close()}, those lost. */
    public int unrecordedOutcomes() {
        return audit.unrecordedOutcomes();
    }

    @Override
    public void close() {
        batch.close();
        reader.close();
        fleet.close();
        try {
            audit.close();
        } catch (IOException e) {
            LOG.warn("closing the audit store: {}", e.getMessage());
        }
    }
}
