package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.killsession.audit.AuditStore;
import com.sessionconsole.killsession.audit.Refusal;
import com.sessionconsole.killsession.audit.TaskIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Runs one KillSession request to its end: checks, the intent recorded, the live read and the guards, the
 * KILLs, the outcome recorded. Every blocking call is bounded: the backends' own timeouts, the live read's wait,
 * and the audit store's write timeout.
 */
final class KillRunner {
    private static final Logger LOG = LoggerFactory.getLogger(KillRunner.class);
    private static final String NOTHING_SENT = "internal error (see the console's log); nothing was killed";

    private final RequestCheck check;
    private final AuditStore audit;
    private final ServiceOptions options;
    private final Clock clock;
    /** One shared live read per shard (its key), for the CONNECTION kills of that shard. */
    private final Map<String, SharedRead<Map<Long, Session>>> liveReads = new ConcurrentHashMap<>();

    KillRunner(RequestCheck check, AuditStore audit, ServiceOptions options, Clock clock) {
        this.check = check;
        this.audit = audit;
        this.options = options;
        this.clock = clock;
    }

    /** What the kill would do now, without sending a KILL or recording a task: the same checks and live lookup. */
    KillPreview preview(KillRequest request, Caller caller) throws KillSessionException {
        List<Long> ids = RequestCheck.validate(request);
        RequestCheck.Target target = check.resolve(request, caller);
        KillMode mode = request.effectiveMode();
        KillDecision decision;
        try {
            // A preview shows what will be lost (transactions); a kill needs only what the guards check.
            decision = KillDecision.of(ids, mode, request.seen(), target.backend().lookup(target.shard(), ids,
                    TimeBudget.of(options.killTimeout())));
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
        return new KillPreview(target.shard(), mode, items);
    }

    /**
     * Refusals (bad input, no permission, unknown instance) throw before a task exists and are audited as
     * refused; a shard that cannot be reached throws {@link ErrorCode#BACKEND_FAILED} after its task was
     * recorded as failed.
     */
    KillTask kill(KillRequest request, Caller caller) throws KillSessionException {
        RequestCheck.Target target;
        List<Long> ids;
        try {
            // The caller's right first: a read-only caller's request is refused before any of its fields is read.
            if (!caller.mayKill()) {
                throw new KillSessionException(ErrorCode.PERMISSION_DENIED,
                        caller.actor() + " may not kill sessions (read-only)");
            }
            ids = RequestCheck.validate(request);
            target = check.resolve(request, caller);
        } catch (KillSessionException e) {
            audit.refused(refusal(request, caller, e));
            throw e;
        }
        KillMode mode = request.effectiveMode();
        // One budget for the whole request: a shard that hangs midway costs it once, not a timeout per call.
        TimeBudget budget = TimeBudget.of(options.killTimeout());
        TaskIntent intent = new TaskIntent(clock.instant(), caller.actor(), target.shard().instanceId(),
                target.shard().shardId(), target.shard().shardSerialId(), mode, ids);
        // A CONNECTION kill reads the shard first: a request that needs no KILL (every session gone or protected,
        // or the shard unreachable) is then recorded with one flush, intent and outcome together. Thread ids are
        // never reused, so the read stays good for the KILL that follows the intent. A QUERY kill reads after its
        // intent, right before the KILL: on MySQL, KILL QUERY ends whatever the session runs at that moment, so
        // the check that it still runs the statement shown must be as fresh as it can be.
        KillDecision decision = null;
        if (mode == KillMode.CONNECTION) {
            Step step = readFirst(request, target, intent, ids, budget);
            if (step.auditFailure() != null) {
                throw new KillSessionException(ErrorCode.AUDIT_UNAVAILABLE, "the audit log cannot be written, so"
                        + " nothing was killed: " + audit.failure(step.auditFailure()).getMessage());
            }
            if (step.settled() != null) {
                return step.settled();
            }
            decision = step.decision();
        }
        KillTask task;
        try {
            task = audit.begin(intent);
        } catch (IOException e) {
            throw new KillSessionException(ErrorCode.AUDIT_UNAVAILABLE,
                    "the audit log cannot be written, so nothing was killed: " + e.getMessage());
        }
        return send(request, target, task, ids, decision, budget);
    }

    /** A request whose shard cannot be reached, recorded as a failed task: the same checks as a kill, no KILL. */
    KillSessionException recordNotSent(KillRequest request, Caller caller, String why) throws KillSessionException {
        if (!caller.mayKill()) {
            throw new KillSessionException(ErrorCode.PERMISSION_DENIED,
                    caller.actor() + " may not kill sessions (read-only)");
        }
        List<Long> ids = RequestCheck.validate(request);
        RequestCheck.Target target = check.resolve(request, caller);
        TaskIntent intent = new TaskIntent(clock.instant(), caller.actor(), target.shard().instanceId(),
                target.shard().shardId(), target.shard().shardSerialId(), request.effectiveMode(), ids);
        return failedBeforeKill(intent, why, ErrorCode.BACKEND_FAILED, why);
    }

    /** What came of a CONNECTION kill's read: the task, if it needed no KILL, or the decision to go on with. */
    private record Step(KillDecision decision, KillTask settled, Throwable auditFailure) {
    }

    private Step readFirst(KillRequest request, RequestCheck.Target target, TaskIntent intent, List<Long> ids,
                           TimeBudget budget) throws KillSessionException {
        SharedRead<Map<Long, Session>> shared = liveReads.computeIfAbsent(target.shard().key(),
                key -> new SharedRead<>());
        ServiceObserver observer = options.observer();
        String instanceId = target.shard().instanceId();
        try {
            // Requests sharing one read are settled right after it, on the thread that read: their records then
            // share one flush, and each caller waits once.
            return shared.read(() -> {
                long start = System.nanoTime();
                try {
                    Map<Long, Session> live = target.backend().processList(target.shard(), budget);
                    observer.shardRead(instanceId, ServiceObserver.ReadResult.OK, System.nanoTime() - start);
                    return live;
                } catch (BackendException e) {
                    observer.shardRead(instanceId, budget.remainingNanos() <= 0 ? ServiceObserver.ReadResult.TIMEOUT
                            : ServiceObserver.ReadResult.ERROR, System.nanoTime() - start);
                    throw e;
                }
            }, request.arrivedNanos(),
                    budget.millisAtMost(options.shardTimeout()) / SharedRead.WAITER_FACTOR + 1, BackendException.class,
                    live -> settleIfNoKill(intent, ids, KillDecision.of(ids, KillMode.CONNECTION, request.seen(),
                            live)), audit.writeTimeoutMillis());
        } catch (BackendException e) {
            throw failedBeforeKill(intent, e.getMessage(), ErrorCode.BACKEND_FAILED, e.getMessage());
        } catch (TimeoutException e) {
            String why = "shard " + target.shard().shardId() + ": no process list within the request's "
                    + options.killTimeout().toSeconds() + " s";
            throw failedBeforeKill(intent, why, ErrorCode.BACKEND_FAILED, why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            String why = "shard " + target.shard().shardId() + ": interrupted before any KILL was sent";
            throw failedBeforeKill(intent, why, ErrorCode.BACKEND_FAILED, why);
        } catch (RuntimeException e) {
            LOG.error("deciding a kill on {} failed", target.shard().key(), e);
            throw failedBeforeKill(intent, NOTHING_SENT, ErrorCode.INTERNAL_ERROR,
                    "internal error before any KILL was sent");
        }
    }

    /** Records a task that failed before any KILL, and the error that tells its caller so. */
    private KillSessionException failedBeforeKill(TaskIntent intent, String detail, ErrorCode code, String message)
            throws KillSessionException {
        String why = code == ErrorCode.BACKEND_FAILED ? detail : "internal error";
        KillTask failed = settle(intent, TaskStatus.FAILED, detail, allFailed(intent.sessionIds(), "not sent: " + why));
        return new KillSessionException(code, message + " (task " + failed.taskId()
                + " recorded as failed; nothing was killed)", failed.taskId());
    }

    /**
     * A kill that needs no KILL (every session gone or protected) is recorded, intent and outcome with one
     * flush, without waiting here: this may run on another request's thread, right after the read they share.
     */
    private CompletableFuture<Step> settleIfNoKill(TaskIntent intent, List<Long> ids, KillDecision decision) {
        if (!decision.nothingToSend()) {
            return CompletableFuture.completedFuture(new Step(decision, null, null));
        }
        List<SessionOutcome> outcomes = decision.outcomes(ids, List.of());
        TaskStatus status = outcomes.stream().allMatch(o -> o.outcome().goalMet()) ? TaskStatus.SUCCESS
                : TaskStatus.FAILED;
        return audit.settling(intent, task -> task.finish(clock.instant(), status, "", outcomes))
                .handle((task, failure) -> new Step(decision, task, failure));
    }

    /** Records a task that sends no KILL, intent and outcome with one flush, and returns it finished. */
    private KillTask settle(TaskIntent intent, TaskStatus status, String detail, List<SessionOutcome> outcomes)
            throws KillSessionException {
        try {
            return audit.settled(intent, task -> task.finish(clock.instant(), status, detail, outcomes));
        } catch (IOException e) {
            throw new KillSessionException(ErrorCode.AUDIT_UNAVAILABLE,
                    "the audit log cannot be written, so nothing was killed: " + e.getMessage());
        }
    }

    /** Decides (a QUERY kill reads now), sends the KILLs and records the outcome. */
    private KillTask send(KillRequest request, RequestCheck.Target target, KillTask task, List<Long> ids,
                          KillDecision decided, TimeBudget budget) throws KillSessionException {
        List<SessionOutcome> outcomes;
        String failure = null;
        boolean sending = false;
        boolean internal = false;
        try {
            KillDecision decision = decided != null ? decided : KillDecision.of(ids, task.mode(), request.seen(),
                    target.backend().lookup(target.shard(), ids, budget));
            sending = true;
            outcomes = decision.outcomes(ids, target.backend().kill(target.shard(), decision.orders(), budget));
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
            throw new KillSessionException(ErrorCode.AUDIT_UNAVAILABLE, "task " + task.taskId()
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

    private static List<SessionOutcome> allFailed(List<Long> ids, String why) {
        List<SessionOutcome> failed = new ArrayList<>(ids.size());
        for (long id : ids) {
            failed.add(new SessionOutcome(id, Outcome.FAILED, why));
        }
        return failed;
    }

    private Refusal refusal(KillRequest request, Caller caller, KillSessionException why) {
        List<Long> ids = new ArrayList<>();
        if (request.sessionIds() != null) {
            request.sessionIds().forEach(id -> ids.add(id == null ? -1 : id));
        }
        return Refusal.of(clock.instant(), caller.actor(), request.instanceId(), request.shardId(),
                request.shardSerialId(), request.effectiveMode(), ids, why.code().code(), why.getMessage());
    }
}
