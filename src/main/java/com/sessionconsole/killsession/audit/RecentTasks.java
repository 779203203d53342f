package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the log keeps in memory: the newest tasks, any older one still without an outcome, who runs each
 * unfinished task, the highest TaskId seen, and one checkpoint (an intent's offset in the file) per
 * {@code 2^}{@value #CHECKPOINT_BITS} TaskIds, through which an older task is found again. Not thread-safe:
 * the store guards it.
 */
final class RecentTasks {
    /** One checkpoint per 1,024 TaskIds: finding an older task reads about 0.6 MB. */
    static final int CHECKPOINT_BITS = 10;
    static final String INTERRUPTED = "interrupted: the console stopped before the outcome was recorded";
    static final String NOT_RECORDED = "the process stopped before recording: the KILL may have been sent";
    /**
     * The largest TaskId this log hands out or reads: the largest integer a JSON client holds exactly. A record
     * beyond it is corrupt, and TaskIds never wrap.
     */
    static final long MAX_TASK_ID = (1L << 53) - 1;

    private final int capacity;
    /** The newest tasks, in TaskId order (the file's order). */
    private final Map<Long, KillTask> tasks = new LinkedHashMap<>();
    /** Tasks pushed out of {@link #tasks} before their outcome was read (an interrupted task, a long one). */
    private final Map<Long, KillTask> unfinished = new HashMap<>();
    private final Map<Long, ProcessIdentity> owners = new HashMap<>();
    /** TaskId >> CHECKPOINT_BITS to the offset of the first intent of those TaskIds in the file. */
    private final NavigableMap<Long, Long> checkpoints = new TreeMap<>();
    private long maxTaskId;

    RecentTasks(int capacity) {
        this.capacity = capacity;
    }

    /** An intent read or written at {@code offset}: a running task. */
    void began(KillTask task, ProcessIdentity owner, long offset) {
        long taskId = task.taskId();
        tasks.put(taskId, task);
        owners.put(taskId, owner);
        checkpoints.putIfAbsent(taskId >> CHECKPOINT_BITS, offset);
        maxTaskId = Math.max(maxTaskId, taskId);
        // Push out the oldest: a finished one can be read back from the file; one without an outcome stays.
        for (Iterator<KillTask> oldest = tasks.values().iterator(); tasks.size() > capacity; ) {
            KillTask old = oldest.next();
            oldest.remove();
            if (old.status() == TaskStatus.RUNNING) {
                unfinished.put(old.taskId(), old);
            }
        }
    }

    /** An outcome: the task it finishes, if it is still in memory, becomes that; an older one is let go. */
    void ended(KillTask outcome) {
        long taskId = outcome.taskId();
        if (tasks.containsKey(taskId)) {
            tasks.put(taskId, outcome);
        }
        unfinished.remove(taskId);
        owners.remove(taskId);
    }

    /**
     * A task that ran but whose outcome could not be written: it reads as failed at once, with what is known of
     * its sessions, until the outcome is written ({@link #ended}).
     */
    void unrecorded(KillTask outcome, String why) {
        long taskId = outcome.taskId();
        KillTask failed = outcome.finish(outcome.finishedAt(), TaskStatus.FAILED, "outcome not recorded in the audit"
                + " log (" + why + "); it is written when the log can be written again", outcome.outcomes());
        if (tasks.containsKey(taskId)) {
            tasks.put(taskId, failed);
        } else if (unfinished.containsKey(taskId)) {
            unfinished.put(taskId, failed);
        }
    }

    KillTask inMemory(long taskId) {
        KillTask task = tasks.get(taskId);
        return task != null ? task : unfinished.get(taskId);
    }

    /** The task as a reader should see it: a running task of a process that is gone reads as interrupted. */
    KillTask view(long taskId) {
        KillTask task = inMemory(taskId);
        return task == null ? null : view(task, owners.get(taskId));
    }

    /** Every task kept, newest first, as {@link #view(long)} shows each. */
    List<KillTask> all() {
        List<KillTask> all = new ArrayList<>(tasks.size() + unfinished.size());
        for (KillTask task : tasks.values()) {
            all.add(view(task, owners.get(task.taskId())));
        }
        for (KillTask task : unfinished.values()) {
            all.add(view(task, owners.get(task.taskId())));
        }
        all.sort(Comparator.comparingLong(KillTask::taskId).reversed());
        return all;
    }

    /** The offset to search an older task from, or -1 when no intent of it can be in the file. */
    long checkpointFor(long taskId) {
        if (taskId <= 0 || taskId > maxTaskId) {
            return -1;
        }
        Map.Entry<Long, Long> checkpoint = checkpoints.floorEntry(taskId >> CHECKPOINT_BITS);
        return checkpoint == null ? -1 : checkpoint.getValue();
    }

    long maxTaskId() {
        return maxTaskId;
    }

    /** A running task of a process that is gone can never finish: it reads as failed, interrupted. */
    static KillTask view(KillTask task, ProcessIdentity owner) {
        if (task == null || task.status() != TaskStatus.RUNNING) {
            return task;
        }
        if (owner != null && owner.alive()) {
            return task;
        }
        List<SessionOutcome> unknown = new ArrayList<>(task.sessionIds().size());
        for (long id : task.sessionIds()) {
            unknown.add(new SessionOutcome(id, Outcome.UNKNOWN, NOT_RECORDED));
        }
        return task.finish(null, TaskStatus.FAILED, INTERRUPTED, unknown);
    }
}
