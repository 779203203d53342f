package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.killsession.KillResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One round of a rule: what it matched and what its KillSession requests did.
 *
 * @param tasks    the tasks the requests became, each with its TaskId and outcomes
 * @param refused  requests that did not become a task, or failed as a whole: shard and why
 * @param took     from the start of the round's read to the last answer
 */
public record RoundResult(RuleMatch match, List<KillTask> tasks, List<String> refused, Duration took) {

    public RoundResult {
        tasks = List.copyOf(tasks);
        refused = List.copyOf(refused);
    }

    static RoundResult of(RuleMatch match, List<KillResult> results, Duration took) {
        List<KillTask> tasks = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (KillResult result : results) {
            if (result.task() != null) {
                tasks.add(result.task());
            } else if (!sentAgain(result, results)) {
                String shard = result.request().instanceId() + "/" + result.request().shardId();
                refused.add(shard + ": " + result.error().code().code() + ": " + result.error().getMessage());
            }
        }
        return new RoundResult(match, tasks, refused, took);
    }

    /** Whether a later request of the same shard carries this refused request's ids (it was sent again). */
    private static boolean sentAgain(KillResult refused, List<KillResult> results) {
        int at = results.indexOf(refused);
        return results.subList(at + 1, results.size()).stream().anyMatch(later -> later.request().shardId()
                .equals(refused.request().shardId()) && later.request().sessionIds().containsAll(
                refused.request().sessionIds()));
    }

    public long count(Outcome outcome) {
        return tasks.stream().mapToLong(t -> t.count(outcome)).sum();
    }

    /** Sessions whose kill met its goal: KILLED, or already gone. */
    public long ended() {
        return count(Outcome.KILLED) + count(Outcome.ALREADY_GONE);
    }

    /**
     * Sessions sent and not ended (denied, failed), as "shard session id: why": each session by its last task, so
     * one that ran out of time and then ended when sent again is not a failure.
     */
    public List<String> failures() {
        Map<String, String> last = new LinkedHashMap<>();
        for (KillTask task : tasks) {
            for (SessionOutcome outcome : task.outcomes()) {
                String key = task.instanceId() + "/" + task.shardId() + " session " + outcome.sessionId();
                last.remove(key);
                if (!outcome.outcome().goalMet()) {
                    last.put(key, task.shardId() + " session " + outcome.sessionId() + ": " + outcome.outcome()
                            + (outcome.message().isEmpty() ? "" : " (" + outcome.message() + ")"));
                }
            }
        }
        return new ArrayList<>(last.values());
    }

    /** Whether every victim ended and every shard answered. */
    public boolean clean() {
        return refused.isEmpty() && failures().isEmpty() && match.shardErrors().isEmpty();
    }

    /** One line: {@code 12 matched, 12 killed, 0 gone, 1 skipped, 0 failed; 3 tasks; 1 shard in error}. */
    public String summary() {
        String text = match.victims().size() + " matched, " + count(Outcome.KILLED) + " killed, "
                + count(Outcome.ALREADY_GONE) + " already gone, " + match.skipped().size() + " skipped, "
                + (failures().size() + refused.size()) + " failed; " + tasks.size() + (tasks.size() == 1 ? " task" : " tasks");
        if (match.capped() > 0) {
            text += "; " + match.capped() + " more held back by the cap";
        }
        if (!match.shardErrors().isEmpty()) {
            text += "; " + match.shardErrors().size() + (match.shardErrors().size() == 1 ? " shard" : " shards")
                    + " in error";
        }
        return text;
    }
}
