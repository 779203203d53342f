package com.sessionconsole.killsession;

import com.sessionconsole.common.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Many KillSession requests at once, as the window sends a selection across shards and over 100 sessions. Each
 * request is exactly one {@link KillRunner#kill}: its own validation, TaskId and audit records. They run side by
 * side, every shard from the start and several requests per shard, so that the requests of one shard share its
 * live reads and its kill connections.
 */
final class KillBatch implements AutoCloseable {
    /** Requests running at once, over all shards. */
    static final int KILL_THREADS = 32;
    /**
     * Requests of one shard running at once: one more than its kill connections, so that while three send
     * KILLs the next one reads and records its intent.
     */
    static final int PER_SHARD = 4;
    /** The longest one kill can take with every backend timeout spent (MySQL, dcdb with its flow), and then some. */
    private static final Duration KILL_BOUND = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(KillBatch.class);

    private final KillRunner runner;
    private final ExecutorService killers;

    KillBatch(KillRunner runner) {
        this.runner = runner;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(KILL_THREADS, KILL_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Threads.daemons("kill"));
        pool.allowCoreThreadTimeOut(true);
        this.killers = pool;
    }

    /** Returns one result per request, in the order given. */
    List<KillResult> killAll(List<KillRequest> requests, Caller caller) {
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
                                KillRequest request = requests.get(index);
                                results.get(index).complete(killOne(request, request.arrivedAt(System.nanoTime()),
                                        caller));
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
            answers.add(await(requests.get(i), results.get(i), deadline, waves));
        }
        return answers;
    }

    private static KillResult await(KillRequest request, CompletableFuture<KillResult> result, long deadline,
                                    long waves) {
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            boolean closing = e.getCause() instanceof RejectedExecutionException;
            return new KillResult(request, null, new KillSessionException(ErrorCode.INTERNAL_ERROR,
                    closing ? "the console is closing; the task history shows whether it was sent"
                            : "internal error (see the console's log)"));
        } catch (TimeoutException e) {
            return new KillResult(request, null, new KillSessionException(ErrorCode.INTERNAL_ERROR,
                    "no answer within " + KILL_BOUND.toSeconds() * waves + " s; the task history shows its outcome"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KillResult(request, null, new KillSessionException(ErrorCode.INTERNAL_ERROR,
                    "stopped waiting (interrupted); the task history shows its outcome"));
        }
    }

    /** @param arrived the request as taken up now: its answer names the request as given */
    private KillResult killOne(KillRequest request, KillRequest arrived, Caller caller) {
        try {
            return new KillResult(request, runner.kill(arrived, caller), null);
        } catch (KillSessionException e) {
            return new KillResult(request, null, e);
        } catch (RuntimeException e) {
            LOG.error("a kill request failed", e);
            return new KillResult(request, null, new KillSessionException(ErrorCode.INTERNAL_ERROR,
                    "internal error (see the console's log)"));
        }
    }

    @Override
    public void close() {
        killers.shutdownNow();
    }
}
