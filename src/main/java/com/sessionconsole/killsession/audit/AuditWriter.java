package com.sessionconsole.killsession.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.common.Threads;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * All writing to the log happens on this one writer thread: a caller that is interrupted (a cancelled UI task)
 * can therefore never close the channel under everyone else, and records that arrive together share one flush
 * to disk (group commit) without any of them being acknowledged before it is durable. Processes sharing the
 * data dir take an OS file lock around each append, under which the writer follows a rotation made by another
 * process, reads what the others appended, rotates a full file, and gives TaskIds: the highest in the log plus
 * one.
 */
final class AuditWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int MAX_BATCH = 256;
    /** How often outcomes that could not be written are tried again. */
    static final long RETRY_MS = 2_000;

    /** One record waiting for the writer. An intent's record is made by the writer, which assigns the TaskId. */
    static final class Write {
        final ObjectNode record;
        final TaskIntent intent;
        final KillTask outcome;
        /** For a task settled without a KILL: its outcome, made once the writer has given it its TaskId. */
        final UnaryOperator<KillTask> settle;
        final CompletableFuture<KillTask> done = new CompletableFuture<>();

        private Write(ObjectNode record, TaskIntent intent, KillTask outcome, UnaryOperator<KillTask> settle) {
            this.record = record;
            this.intent = intent;
            this.outcome = outcome;
            this.settle = settle;
        }

        static Write intent(TaskIntent intent) {
            return new Write(null, intent, null, null);
        }

        static Write settled(TaskIntent intent, UnaryOperator<KillTask> settle) {
            return new Write(null, intent, null, settle);
        }

        static Write outcome(KillTask task) {
            return new Write(AuditRecords.outcome(task), null, task, null);
        }

        static Write record(ObjectNode record) {
            return new Write(record, null, null, null);
        }
    }

    /** Tells the writer to finish what is queued and stop. */
    private static final Write STOP = Write.record(null);

    private final Path file;
    private final ActiveFile active;
    private final Object monitor;
    private final AuditTail tail;
    private final RecentTasks recent;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;
    private boolean stopped; // guarded by queue: the writer has left its loop
    /** Outcomes of tasks that ran but could not be written; tried again until they are. Guarded by queue. */
    private final List<KillTask> unrecorded = new ArrayList<>();

    /**
     * @param monitor guards the tail and the recent tasks, which readers share with the writer
     */
    AuditWriter(Path file, ActiveFile active, Object monitor, AuditTail tail, RecentTasks recent) {
        this.file = file;
        this.active = active;
        this.monitor = monitor;
        this.tail = tail;
        this.recent = recent;
        this.thread = Threads.daemon(this::loop, "audit-writer");
    }

    void start() {
        thread.start();
    }

    /** Queues a write; if the writer cannot take it, its future fails at once. */
    void submit(Write write) {
        synchronized (queue) {
            if (closed || stopped) {
                String why = failure != null ? "the audit writer stopped: " + failure : file + " is closed";
                write.done.completeExceptionally(new IOException(why));
                return;
            }
            queue.add(write);
        }
    }

    /** How many outcomes are still waiting to be written. */
    int unrecorded() {
        synchronized (queue) {
            return unrecorded.size();
        }
    }

    private void loop() {
        List<Write> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Write next = hasUnrecorded() ? queue.poll(RETRY_MS, TimeUnit.MILLISECONDS) : queue.take();
                if (next != null) {
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread on purpose: close() sends STOP instead
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP);
            retryUnrecorded(batch);
            if (!batch.isEmpty()) {
                try {
                    write(batch);
                } catch (IOException | RuntimeException e) {
                    fail(batch, e instanceof IOException ? (IOException) e : new IOException(e.toString(), e));
                } catch (Throwable e) {
                    // An Error (out of memory): nothing can be recorded any more, so nothing may be killed.
                    failure = e;
                    fail(batch, new IOException("the audit writer stopped: " + e, e));
                    break;
                }
            }
            batch.clear();
        }
        synchronized (queue) {
            stopped = true;
            List<Write> left = new ArrayList<>();
            queue.drainTo(left);
            left.remove(STOP);
            fail(left, new IOException(file + " is closed"));
        }
    }

    private boolean hasUnrecorded() {
        synchronized (queue) {
            return !unrecorded.isEmpty();
        }
    }

    /** Puts the outcomes that could not be written before at the head of the batch. */
    private void retryUnrecorded(List<Write> batch) {
        List<KillTask> retry;
        synchronized (queue) {
            retry = new ArrayList<>(unrecorded);
            unrecorded.clear();
        }
        for (int i = retry.size() - 1; i >= 0; i--) {
            batch.add(0, Write.outcome(retry.get(i)));
        }
    }

    /**
     * Fails the writes: their callers learn it (an intent's caller then sends no KILL), and an outcome is kept to
     * be written later, its task reading as failed meanwhile.
     */
    private void fail(List<Write> writes, IOException why) {
        for (Write write : writes) {
            if (write.outcome != null) {
                synchronized (queue) {
                    unrecorded.add(write.outcome);
                }
                synchronized (monitor) {
                    recent.unrecorded(write.outcome, why.getMessage());
                }
            }
            write.done.completeExceptionally(why);
        }
    }

    /** Writes every record of the batch with one flush to disk, then acknowledges them. */
    private void write(List<Write> batch) throws IOException {
        List<KillTask> results = new ArrayList<>(batch.size());
        List<KillTask> outcomes = new ArrayList<>(batch.size());
        synchronized (monitor) {
            try (FileLock ignored = active.lock()) {
                active.ensureCurrent();
                tail.catchUp();
                if (active.rotateIfDue()) {
                    tail.catchUp(); // onto the new file, empty: nobody can write it before the lock is let go
                }
                FileChannel channel = active.channel();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                if (!tail.endsWithNewline()) {
                    bytes.write('\n');
                }
                long nextId = recent.maxTaskId();
                long intents = batch.stream().filter(write -> write.intent != null).count();
                if (nextId > RecentTasks.MAX_TASK_ID - intents) {
                    throw new IOException(file + ": TaskIds are used up (the largest is " + RecentTasks.MAX_TASK_ID
                            + "); start a new audit log");
                }
                for (int i = 0; i < batch.size(); i++) {
                    Write write = batch.get(i);
                    KillTask task = null;
                    ObjectNode record = write.record;
                    if (write.intent != null) {
                        task = write.intent.asTask(++nextId);
                        record = AuditRecords.intent(task, ProcessIdentity.current());
                    }
                    bytes.write(AuditRecords.bytes(record));
                    bytes.write('\n');
                    KillTask settled = null;
                    if (write.settle != null) {
                        settled = settle(write.settle, task);
                        bytes.write(AuditRecords.bytes(AuditRecords.outcome(settled)));
                        bytes.write('\n');
                    }
                    results.add(task);
                    outcomes.add(settled);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
                long position = channel.size();
                long start = position;
                boolean caughtUp = tail.follows(active.key()) && tail.offset() == position && tail.endsWithNewline();
                try {
                    while (buffer.hasRemaining()) {
                        position += channel.write(buffer, position);
                    }
                    channel.force(false);
                } catch (IOException e) {
                    // Nothing of a failed batch may stay: its callers are told it was not written (a disk full).
                    try {
                        channel.truncate(start);
                    } catch (IOException again) {
                        LOG.warn("{}: a failed write could not be taken back: {}", file, again.getMessage());
                    }
                    throw e;
                }
                if (caughtUp) {
                    // Nobody else wrote in between (the lock is held): take the records in as written, unread.
                    for (int i = 0; i < batch.size(); i++) {
                        if (results.get(i) != null) {
                            recent.began(results.get(i), ProcessIdentity.current());
                        } else if (batch.get(i).outcome != null) {
                            recent.ended(batch.get(i).outcome);
                        }
                        if (outcomes.get(i) != null) {
                            recent.ended(outcomes.get(i));
                        }
                    }
                    tail.advancedTo(position);
                } else {
                    tail.catchUp(); // takes the records in exactly as another reader would
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(outcomes.get(i) != null ? outcomes.get(i) : results.get(i));
        }
    }

    /** A task's outcome, made by its caller's function; never lets one task's outcome sink the batch. */
    private static KillTask settle(UnaryOperator<KillTask> settle, KillTask task) {
        try {
            return settle.apply(task);
        } catch (RuntimeException e) {
            LOG.error("task {}: its outcome could not be made", task.taskId(), e);
            return task.finish(Instant.now(), TaskStatus.FAILED,
                    "internal error recording the outcome; nothing was killed", List.of());
        }
    }

    /** Writes what is queued, then stops; waits for that at most {@code millis}. */
    void close(long millis) {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
