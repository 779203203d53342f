package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.killsession.Caller;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.KillSessionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A rule applied every interval for a bounded time, while the application keeps reconnecting: each round reads
 * live and kills what it matched (or, in a dry run, only reports it). A shard that fails is reported in its
 * round and the watch goes on; a refusal (the rule's instance is gone, no permission) ends it. It runs on the
 * caller's thread, every read and kill on the service's own pools; {@link #stop()} ends it from any thread, after
 * the round under way, whose kills are bounded by the service's timeouts.
 */
public final class Watch {
    public static final Duration MIN_INTERVAL = Duration.ofMillis(500);
    /** The longest a watch may run unless the rules file allows more ({@code maxWatchTime}). */
    public static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(Watch.class);

    private final RuleRun run;
    private final Rule rule;
    private final Caller caller;
    private final Duration interval;
    private final Duration runTime;
    private final boolean dryRun;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** What a watch reports as it goes, on the watch's thread. */
    public interface Listener {
        void round(int number, RoundResult result);

        void roundFailed(int number, String error);
    }

    /** How a watch ended: its rounds, the sessions its kills ended, and whether it was stopped early. */
    public record Summary(int rounds, long killed, long alreadyGone, long failed, int failedRounds, boolean stopped,
                          String refusal, Duration ran) {
    }

    /**
     * @param maxRunTime the longest any watch may run here (the rules file's {@code maxWatchTime})
     * @param dryRun     report each round's matches, kill nothing
     */
    public Watch(RuleRun run, Rule rule, Caller caller, Duration interval, Duration runTime, Duration maxRunTime,
                 boolean dryRun) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("interval: " + Seconds.format(interval) + " is too short (at least "
                    + Seconds.format(MIN_INTERVAL) + ": each round reads every shard in scope)");
        }
        if (runTime.isNegative() || runTime.isZero()) {
            throw new IllegalArgumentException("run-time: must be more than 0");
        }
        if (runTime.compareTo(maxRunTime) > 0) {
            throw new IllegalArgumentException("run-time: " + Seconds.format(runTime) + " is longer than the "
                    + Seconds.format(maxRunTime) + " a watch may run here (maxWatchTime in the rules file)");
        }
        this.run = run;
        this.rule = rule;
        this.caller = caller;
        this.interval = interval;
        this.runTime = runTime;
        this.dryRun = dryRun;
    }

    /** Runs rounds until the run time is over or {@link #stop()}; returns what they did. */
    public Summary run(Listener listener) {
        long start = System.nanoTime();
        long end = start + runTime.toNanos();
        int rounds = 0;
        int failedRounds = 0;
        long killed = 0;
        long gone = 0;
        long failed = 0;
        String refusal = null;
        while (stopped.getCount() > 0 && System.nanoTime() < end) {
            rounds++;
            try {
                RoundResult result = dryRun ? new RoundResult(run.preview(rule, caller), List.of(), List.of(), Duration.ZERO)
                        : run.round(rule, caller);
                killed += result.count(Outcome.KILLED);
                gone += result.count(Outcome.ALREADY_GONE);
                failed += result.failures().size() + result.refused().size();
                listener.round(rounds, result);
            } catch (KillSessionException e) {
                failedRounds++;
                listener.roundFailed(rounds, e.code().code() + ": " + e.getMessage());
                if (e.code() != ErrorCode.BACKEND_FAILED && e.code() != ErrorCode.INTERNAL_ERROR) {
                    refusal = e.getMessage();
                    break; // it will be refused again every round: say so once and end
                }
            } catch (RuntimeException e) {
                failedRounds++;
                LOG.error("watch round {} of rule {} failed", rounds, rule.label(), e);
                listener.roundFailed(rounds, "internal error (see the console's log)");
            }
            // Rounds start on a fixed beat; one that ran past its slot starts the next at once, never two at once.
            long next = start + rounds * interval.toNanos();
            long wait = Math.min(next, end) - System.nanoTime();
            if (wait > 0 && awaitStop(wait)) {
                break;
            }
        }
        return new Summary(rounds, killed, gone, failed, failedRounds, stopped.getCount() == 0, refusal,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Ends the watch after the round under way; safe from any thread (Ctrl-C's hook, the window's Stop). */
    public void stop() {
        stopped.countDown();
    }

    public boolean stopping() {
        return stopped.getCount() == 0;
    }

    public Rule rule() {
        return rule;
    }

    public Duration interval() {
        return interval;
    }

    public Duration runTime() {
        return runTime;
    }

    private boolean awaitStop(long nanos) {
        try {
            return stopped.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
            return true;
        }
    }
}
