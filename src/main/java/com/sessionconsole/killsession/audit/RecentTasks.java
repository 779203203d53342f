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

/**
 * What the log keeps in memory: the newest tasks, any older one it saw pushed out still without an outcome, who
 * runs each unfinished task, and the highest TaskId seen. An older task is found in the files by its TaskId
 * ({@link LookBack}). Not thread-safe: the store guards it.
 */
final class RecentTasks {
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
    private long maxTaskId;

    RecentTasks(int capacity) {
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** An intent read or written: a running task. */
    void began(KillTask task, ProcessIdentity owner) {
        long taskId = task.taskId();
        tasks.put(taskId, task);
        owners.put(taskId, owner);
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

    long maxTaskId() {
        return maxTaskId;
    }

    /** A TaskId known to be taken (a segment's name says so), whether or not its intent was read. */
    void taken(long taskId) {
        maxTaskId = Math.max(maxTaskId, taskId);
    }

    /**
     * Forgets every task but the unfinished ones this process runs, before the newest tasks are read again (this
     * process fell more than one rotation behind). What this process knows of its own tasks (an outcome not yet
     * written) is more than the files say; the highest TaskId is kept, so TaskIds never go back.
     */
    Map<Long, KillTask> forgetAllButOwn() {
        Map<Long, KillTask> own = new LinkedHashMap<>();
        owners.forEach((taskId, owner) -> {
            KillTask task = inMemory(taskId);
            if (task != null && owner.equals(ProcessIdentity.current())) {
                own.put(taskId, task);
            }
        });
        tasks.clear();
        unfinished.clear();
        owners.clear();
        return own;
    }

    /** Puts back a task of this process's own after {@link #forgetAllButOwn}, unless its outcome was read since. */
    void keepOwn(KillTask task) {
        KillTask now = inMemory(task.taskId());
        if (now != null && now.status() != TaskStatus.RUNNING) {
            return;
        }
        if (now == null) {
            unfinished.put(task.taskId(), task);
        } else {
            tasks.put(task.taskId(), task);
        }
        owners.put(task.taskId(), ProcessIdentity.current());
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
