package com.sessionconsole.killsession.rules;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.killsession.audit.FileAuditStore;
import com.sessionconsole.testfleet.Accounts;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules that kill, on the real fleet: guards, the cap, patterns that would hang, watches and the audit. */
class RuleKillTest extends FleetTestSupport {

    private static Rule rule(String name, Conditions conditions, RuleAction action) {
        return new Rule(name, RuleScope.FLEET, conditions, action);
    }

    private static Conditions user(String user) {
        return RuleConditionsTest.with(Conditions.NONE, "users", List.of(user));
    }

    @Test
    void protectedSessionsAreNeverKilledAndTheAuditNamesTheRule() throws Exception {
        Victim victim = work.running(SHARD_A1, Accounts.connect(fleet, SHARD_A1, "report", "app"), "SELECT SLEEP(60)");
        Await.until("the statement to run", () -> find(SHARD_A1, victim.threadId()).isPresent());
        RuleRun run = new RuleRun(service);

        // The console's own connections (user console) match, and are skipped as protected.
        RuleMatch own = run.preview(rule("own", user("console"), RuleAction.DEFAULT), OPERATOR);
        assertThat(own.victims()).isEmpty();
        assertThat(own.skipped()).isNotEmpty().allSatisfy(s -> assertThat(s.reason()).startsWith("protected: "));
        RoundResult nothing = run.kill(own, OPERATOR);
        assertThat(nothing.tasks()).isEmpty();

        RoundResult killed = run.round(rule("reports", user("report"), RuleAction.DEFAULT), OPERATOR);
        assertThat(killed.clean()).as(killed.summary()).isTrue();
        assertThat(killed.ended()).isEqualTo(1);
        Await.until("the session to leave its server", () -> !serverShows(SHARD_A1, victim.threadId()));
        assertThat(list().sessions().stream().filter(Session::isProtected)).isNotEmpty()
                .allSatisfy(s -> assertThat(serverShows(s.shard().shardId(), s.id())).isTrue());

        KillTask task = service.task(killed.tasks().get(0).taskId()).orElseThrow();
        assertThat(task.actor()).isEqualTo(OPERATOR.actor() + " rule:reports");
        String audit = Files.readString(dataDir.resolve(FileAuditStore.FILE_NAME));
        assertThat(audit).contains("\"actor\":\"" + OPERATOR.actor() + " rule:reports\"");
    }

    @Test
    void theCapHoldsAndTakesTheLongestRunningFirst() throws Exception {
        List<Victim> first = new ArrayList<>();
        for (String shard : List.of(SHARD_A2, SHARD_B1)) {
            first.add(work.running(shard, Accounts.connect(fleet, shard, "capped", "app"), "SELECT SLEEP(60)"));
        }
        Thread.sleep(2200); // Time counts whole seconds: the first two are now at least 2 s older than the rest
        List<Victim> later = new ArrayList<>();
        for (String shard : List.of(SHARD_A1, SHARD_A2, SHARD_B1)) {
            later.add(work.running(shard, Accounts.connect(fleet, shard, "capped", "app"), "SELECT SLEEP(60)"));
        }
        Await.until("every statement to run", () -> list().sessions().stream()
                .filter(s -> "capped".equals(s.user()) && s.statement() != null).count() == 5);
        RuleRun run = new RuleRun(service);

        RuleMatch perShard = run.preview(rule("oldest", user("capped"), new RuleAction(null, Victims.OLDEST, 1000)),
                OPERATOR);
        assertThat(perShard.victims()).extracting(Session::id).containsExactlyInAnyOrder(first.get(0).threadId(),
                first.get(1).threadId(), later.get(0).threadId());

        RoundResult round = run.round(rule("capped", user("capped"), new RuleAction(null, Victims.ALL, 2)), OPERATOR);
        assertThat(round.match().victims()).extracting(Session::id)
                .containsExactlyInAnyOrder(first.get(0).threadId(), first.get(1).threadId());
        assertThat(round.match().capped()).isEqualTo(3);
        assertThat(round.ended()).isEqualTo(2);
        Await.until("the two to go", () -> first.stream().noneMatch(v -> serverShows(v.shardId(), v.threadId())));
        assertThat(later).allSatisfy(v -> assertThat(serverShows(v.shardId(), v.threadId())).isTrue());
    }

    @Test
    void aPatternThatWouldBacktrackWithoutEndReturnsAtOnce() throws Exception {
        // (a+)+$ against a run of a's followed by a mismatch takes java.util.regex 2^n steps: hours at n = 40.
        String statement = "SELECT '" + "a".repeat(40) + "!', SLEEP(60)";
        Victim victim = work.running(SHARD_B1, statement);
        Await.until("the statement to run", () -> find(SHARD_B1, victim.threadId()).map(s -> s.statement() != null)
                .orElse(false));
        Rule catastrophic = rule("t", RuleConditionsTest.with(Conditions.NONE, "info", StatementPattern.of("(a+)+$")),
                RuleAction.DEFAULT);
        Rule found = rule("t", RuleConditionsTest.with(Conditions.NONE, "info", StatementPattern.of("(a+)+!")),
                RuleAction.DEFAULT);

        long start = System.nanoTime();
        RuleMatch none = CompletableFuture.supplyAsync(() -> preview(catastrophic)).get(10, java.util.concurrent.TimeUnit.SECONDS);
        RuleMatch one = preview(found);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(none.victims()).isEmpty();
        assertThat(one.victims()).extracting(Session::id).containsExactly(victim.threadId());
    }

    @Test
    void aWatchKillsASessionThatAppearedAfterItStartedAndStopsAtItsRunTime() throws Exception {
        Watch watch = new Watch(new RuleRun(service), rule("late", user("late"), RuleAction.DEFAULT), OPERATOR,
                Duration.ofMillis(500), Duration.ofSeconds(5), Watch.DEFAULT_MAX_RUN_TIME, false);
        List<RoundResult> rounds = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        CompletableFuture<Watch.Summary> running = CompletableFuture.supplyAsync(() -> watch.run(new Watch.Listener() {
            @Override
            public void round(int number, RoundResult result) {
                rounds.add(result);
            }

            @Override
            public void roundFailed(int number, String error) {
                throw new AssertionError(error);
            }
        }));
        Await.until("a first round", () -> !rounds.isEmpty());
        Victim late = work.running(SHARD_A2, Accounts.connect(fleet, SHARD_A2, "late", "app"), "SELECT SLEEP(60)");

        Await.until("the watch to kill the late session", () -> !serverShows(SHARD_A2, late.threadId()));
        Watch.Summary summary = running.get(20, java.util.concurrent.TimeUnit.SECONDS);
        Duration ran = Duration.ofNanos(System.nanoTime() - start);

        assertThat(summary.killed()).isEqualTo(1);
        assertThat(summary.stopped()).isFalse();
        assertThat(ran).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(12));
        assertThat(summary.rounds()).isBetween(3, 11);
        assertThat(rounds.get(0).match().victims()).isEmpty();
    }

    @Test
    void aWatchCarriesOnPastAShardThatCannotBeRead() throws Exception {
        // The fleet plus an instance whose one shard listens nowhere: every round reports it, and goes on.
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        List<InstanceConfig> instances = new ArrayList<>(fleet.inventory().instances());
        ShardConfig any = instances.get(0).shards().get(0);
        instances.add(new InstanceConfig("tdsqlshard-down0001", "down",
                InstanceKind.MYSQL, "test", List.of(new ShardConfig(
                "shard-down0001s1", "set_1799999999_1", "127.0.0.1", closed, any.user(), any.password())), null));
        Inventory withDown = new Inventory(null,
                instances, List.of());
        try (KillSessionService partial = KillSessionService.open(
                withDown, dataDir.resolve("partial"), ServiceOptions.DEFAULT,
                StandardBackends.create())) {
            Watch watch = new Watch(new RuleRun(partial), rule("past", user("past"), RuleAction.DEFAULT), OPERATOR,
                    Duration.ofMillis(500), Duration.ofSeconds(4), Watch.DEFAULT_MAX_RUN_TIME, false);
            List<RoundResult> rounds = new java.util.concurrent.CopyOnWriteArrayList<>();
            Victim victim = work.running(SHARD_A1, Accounts.connect(fleet, SHARD_A1, "past", "app"), "SELECT SLEEP(60)");

            Watch.Summary summary = watch.run(new Watch.Listener() {
                @Override
                public void round(int number, RoundResult result) {
                    rounds.add(result);
                }

                @Override
                public void roundFailed(int number, String error) {
                    throw new AssertionError("a round failed as a whole: " + error);
                }
            });

            assertThat(summary.killed()).isEqualTo(1);
            assertThat(summary.rounds()).isGreaterThanOrEqualTo(2);
            assertThat(rounds).allSatisfy(round -> assertThat(round.match().shardErrors())
                    .singleElement().asString().contains("shard-down0001s1"));
            Await.until("the session to leave the server", () -> !serverShows(SHARD_A1, victim.threadId()));
        }
    }

    @Test
    void aWatchStopsWhenAskedAndRefusesARunTimeOverTheMaximum() throws Exception {
        Rule any = rule("any", user("nobody-here"), RuleAction.DEFAULT);
        Watch watch = new Watch(new RuleRun(service), any, OPERATOR, Duration.ofMillis(500), Duration.ofMinutes(10),
                Watch.DEFAULT_MAX_RUN_TIME, false);
        CompletableFuture<Watch.Summary> running = CompletableFuture.supplyAsync(() -> watch.run(new Watch.Listener() {
            @Override
            public void round(int number, RoundResult result) {
                if (number == 2) {
                    watch.stop();
                }
            }

            @Override
            public void roundFailed(int number, String error) {
            }
        }));
        Watch.Summary summary = running.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(summary.stopped()).isTrue();
        assertThat(summary.rounds()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Watch(new RuleRun(service), any, OPERATOR,
                Duration.ofMillis(100), Duration.ofMinutes(1), Watch.DEFAULT_MAX_RUN_TIME, false))
                .hasMessageStartingWith("interval: 0.1s is too short");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Watch(new RuleRun(service), any, OPERATOR,
                Duration.ofSeconds(1), Duration.ofHours(2), Watch.DEFAULT_MAX_RUN_TIME, false))
                .hasMessageStartingWith("run-time: 2h is longer than the 1h");
    }

    private RuleMatch preview(Rule rule) {
        try {
            return new RuleRun(service).preview(rule, OPERATOR);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
