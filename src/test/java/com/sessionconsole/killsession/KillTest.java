package com.sessionconsole.killsession;

import com.sessionconsole.StandardBackends;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import com.sessionconsole.testfleet.Hang;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.INSTANCE_B;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KillTest extends FleetTestSupport {

    @Test
    void killConnectionEndsTheSessionAndRollsBackItsTransaction() throws Exception {
        long before = work.balance(SHARD_A1, 11);
        Victim holder = work.openTransaction(SHARD_A1, 11, 5);

        KillTask task = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(holder.threadId()), null), OPERATOR);

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(task.outcomes()).extracting(SessionOutcome::outcome).containsExactly(Outcome.KILLED);
        Await.until("the killed session to leave the server", () -> !serverShows(SHARD_A1, holder.threadId()));
        assertThat(holder.connectionAlive()).isFalse();
        // Rolled back, not committed, and the row locks are free: this update would wait 600 s otherwise.
        try (Connection other = fleet.appConnection(SHARD_A1); Statement sql = other.createStatement()) {
            sql.setQueryTimeout(5);
            assertThat(sql.executeUpdate("UPDATE app.accounts SET balance = balance WHERE id = 11")).isEqualTo(1);
        }
        assertThat(work.balance(SHARD_A1, 11)).isEqualTo(before);
    }

    @Test
    void killQueryEndsTheStatementAndKeepsTheConnection() throws Exception {
        Victim sleeper = work.sleeping(SHARD_A2, 120);
        Await.until("the statement to run", () -> find(SHARD_A2, sleeper.threadId())
                .map(s -> "SELECT SLEEP(120)".equals(s.statement())).orElse(false));

        KillTask task = service.kill(new KillRequest(INSTANCE_A, SHARD_A2, null, List.of(sleeper.threadId()),
                KillMode.QUERY, Map.of(sleeper.threadId(), "SELECT SLEEP(120)")), OPERATOR);

        assertThat(task.outcomes()).extracting(SessionOutcome::outcome).containsExactly(Outcome.KILLED);
        sleeper.running().handle((ok, error) -> null).get(10, TimeUnit.SECONDS);
        assertThat(sleeper.connectionAlive()).isTrue();
        assertThat(serverShows(SHARD_A2, sleeper.threadId())).isTrue();
    }

    @Test
    void killQueryLeavesAStatementAloneThatIsNotTheOneShown() throws Exception {
        Victim sleeper = work.sleeping(SHARD_A2, 30);
        Await.until("the statement to run", () -> find(SHARD_A2, sleeper.threadId())
                .map(s -> s.statement() != null).orElse(false));

        KillTask task = service.kill(new KillRequest(INSTANCE_A, SHARD_A2, null, List.of(sleeper.threadId()),
                KillMode.QUERY, Map.of(sleeper.threadId(), "SELECT SLEEP(999)")), OPERATOR);

        assertThat(task.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.ALREADY_GONE);
            assertThat(o.message()).contains("left alone");
        });
        assertThat(sleeper.running()).isNotDone();
    }

    @Test
    void killAllRunsEveryRequestAsItsOwnTaskAcrossShardsAndAnswersInOrder() throws Exception {
        // 230 sessions over two shards of two instances: three requests on one shard, one on the other, and a
        // request refused for its input in between. Every accepted one gets its TaskId; all sessions end.
        List<Victim> a1 = new ArrayList<>();
        for (int i = 0; i < 210; i++) {
            a1.add(work.idle(SHARD_A1));
        }
        List<Victim> b1 = List.of(work.idle(SHARD_B1), work.idle(SHARD_B1));
        List<KillRequest> requests = new ArrayList<>();
        for (int from = 0; from < a1.size(); from += 100) {
            requests.add(KillRequest.of(INSTANCE_A, SHARD_A1, a1.subList(from, Math.min(a1.size(), from + 100))
                    .stream().map(Victim::threadId).toList(), KillMode.CONNECTION));
        }
        requests.add(1, KillRequest.of(INSTANCE_A, "shard-nonesuch", List.of(1L), KillMode.CONNECTION));
        requests.add(KillRequest.of(INSTANCE_B, SHARD_B1, b1.stream().map(Victim::threadId).toList(),
                KillMode.CONNECTION));

        long readsBefore = processListReads(SHARD_A1);
        List<KillResult> results = service.killAll(requests, OPERATOR);
        // The three requests of shard A1 are taken up together, each checked on a live read begun after it was:
        // never more than one read each. How many they share depends on how the workers' starts fall against a
        // read that takes a millisecond on a warm connection (SharedReadTest pins the sharing itself down).
        assertThat(processListReads(SHARD_A1) - readsBefore).isBetween(1L, 3L);

        assertThat(results).extracting(KillResult::request).containsExactlyElementsOf(requests);
        assertThat(results.get(1).task()).isNull();
        assertThat(results.get(1).error().code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(results.get(1).error().getMessage()).contains("ShardId", "shard-nonesuch");
        List<KillResult> accepted = new ArrayList<>(results);
        accepted.remove(1);
        assertThat(accepted).allSatisfy(result -> {
            assertThat(result.error()).isNull();
            assertThat(result.task().status()).isEqualTo(TaskStatus.SUCCESS);
            assertThat(result.task().outcomes()).extracting(SessionOutcome::outcome).containsOnly(Outcome.KILLED);
            assertThat(result.task().sessionIds()).isEqualTo(result.request().sessionIds());
            assertThat(service.task(result.task().taskId())).contains(result.task());
        });
        assertThat(accepted.stream().map(r -> r.task().taskId()).distinct()).hasSize(4);
        for (Victim victim : a1) {
            Await.until("killed session " + victim.threadId() + " to leave the server",
                    () -> !serverShows(SHARD_A1, victim.threadId()));
        }
        for (Victim victim : b1) {
            Await.until("killed session " + victim.threadId() + " to leave the server",
                    () -> !serverShows(SHARD_B1, victim.threadId()));
        }
    }

    @Test
    void aSessionThatIsGoneEndsAlreadyGone() throws Exception {
        KillTask task = service.kill(KillRequest.of(INSTANCE_B, SHARD_B1, List.of(987_654_321L), null), OPERATOR);

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(task.outcomes()).extracting(SessionOutcome::outcome).containsExactly(Outcome.ALREADY_GONE);
    }

    @Test
    void theConsolesOwnConnectionAndTheEventSchedulerAreProtectedAndSurvive() throws Exception {
        try (Connection admin = fleet.shard(SHARD_A1).server().adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("SET GLOBAL event_scheduler = ON");
            try {
                Await.until("the event scheduler to start", () -> list().sessions().stream()
                        .anyMatch(s -> s.shard().shardId().equals(SHARD_A1) && "event_scheduler".equals(s.user())));
                List<Session> sessions = list().sessions().stream()
                        .filter(s -> s.shard().shardId().equals(SHARD_A1)).toList();
                long scheduler = sessions.stream().filter(s -> "event_scheduler".equals(s.user())).findFirst()
                        .orElseThrow().id();
                long own = sessions.stream().filter(Session::ownConnection).findFirst().orElseThrow().id();

                KillTask task = service.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(scheduler, own), null),
                        OPERATOR);

                assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
                assertThat(task.outcomes()).extracting(SessionOutcome::outcome)
                        .containsExactly(Outcome.PROTECTED, Outcome.PROTECTED);
                assertThat(task.outcomes().get(0).message()).contains("event_scheduler");
                assertThat(task.outcomes().get(1).message()).contains("own connection");
                assertThat(serverShows(SHARD_A1, scheduler)).isTrue();
                assertThat(serverShows(SHARD_A1, own)).isTrue();
            } finally {
                sql.execute("SET GLOBAL event_scheduler = OFF");
            }
        }
    }

    @Test
    void theServerRefusingEndsDenied() throws Exception {
        Victim victim = work.idle(SHARD_A1);
        try (KillSessionService asViewer = KillSessionService.open(fleet.viewerInventory(), dataDir.resolve("viewer"),
                ServiceOptions.DEFAULT, StandardBackends.create())) {
            KillTask task = asViewer.kill(KillRequest.of(INSTANCE_A, SHARD_A1, List.of(victim.threadId()), null),
                    OPERATOR);

            assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(task.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.outcome()).isEqualTo(Outcome.DENIED);
                assertThat(o.message()).contains("not owner of thread");
            });
        }
        assertThat(victim.connectionAlive()).isTrue();
    }

    @Test
    void manySessionsOfOneShardAreKilledOverSeveralConnections() throws Exception {
        List<Long> ids = new ArrayList<>();
        List<Victim> victims = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Victim victim = work.idle(SHARD_A2);
            victims.add(victim);
            ids.add(victim.threadId());
        }
        ids.add(ids.get(0)); // a duplicate is ignored

        KillTask task = service.kill(KillRequest.of(INSTANCE_A, SHARD_A2, ids, KillMode.CONNECTION), OPERATOR);

        assertThat(task.sessionIds()).hasSize(40);
        assertThat(task.outcomes()).hasSize(40).allMatch(o -> o.outcome() == Outcome.KILLED);
        Await.until("all 40 to leave the server", Duration.ofSeconds(20),
                () -> victims.stream().noneMatch(v -> serverShows(SHARD_A2, v.threadId())));
    }

    @Test
    void aGoneSessionInTheMiddleOfABatchDoesNotStopTheOthers() throws Exception {
        List<Long> ids = new ArrayList<>();
        List<Victim> victims = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Victim victim = work.idle(SHARD_B1);
            victims.add(victim);
            ids.add(victim.threadId());
        }
        // Gone between the lookup and the KILL: the server answers 1094 in the middle of a round trip.
        Victim leaving = victims.get(12);
        try (Connection admin = fleet.shard(SHARD_B1).server().adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("KILL " + leaving.threadId());
        }
        Await.until("the first one to go", () -> !serverShows(SHARD_B1, leaving.threadId()));
        ids.add(5, 987_654_399L); // and one that never existed

        KillTask task = service.kill(KillRequest.of(INSTANCE_B, SHARD_B1, ids, KillMode.CONNECTION), OPERATOR);

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(task.outcomes()).filteredOn(o -> o.outcome() == Outcome.ALREADY_GONE)
                .extracting(SessionOutcome::sessionId).containsExactlyInAnyOrder(987_654_399L, leaving.threadId());
        assertThat(task.outcomes()).filteredOn(o -> o.outcome() == Outcome.KILLED).hasSize(29);
        Await.until("all to leave the server", Duration.ofSeconds(20),
                () -> victims.stream().noneMatch(v -> serverShows(SHARD_B1, v.threadId())));
    }

    @Test
    void previewShowsWhatWouldBeLostAndKillsNothing() throws Exception {
        Victim holder = work.openTransaction(SHARD_A1, 31, 4);

        KillPreview preview = service.preview(KillRequest.of(INSTANCE_A, SHARD_A1,
                List.of(holder.threadId(), 987_654_322L), null), OPERATOR);

        assertThat(preview.items()).extracting(KillPreview.Item::expected)
                .containsExactly(Outcome.KILLED, Outcome.ALREADY_GONE);
        assertThat(preview.rowsToRollBack()).isEqualTo(4);
        assertThat(holder.connectionAlive()).isTrue();
        assertThat(service.tasks()).isEmpty();
    }

    /** How many process-list reads the shard has answered so far (its own status counter). */
    private long processListReads(String shardId) throws Exception {
        try (Connection connection = fleet.shard(shardId).server().adminConnection();
             Statement sql = connection.createStatement();
             var rs = sql.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_show_processlist'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    @Test
    void aShardThatHangsAfterItWasReadCostsAKillOneBudgetNotOneTimeoutPerCall() throws Exception {
        Victim victim = work.idle(SHARD_B1);
        ServiceOptions quick = ServiceOptions.DEFAULT.withKillTimeout(Duration.ofSeconds(3));
        try (KillSessionService impatient = KillSessionService.open(fleet.inventory(), dataDir.resolve("quick"), quick,
                StandardBackends.create())) {
            // The pool holds a live connection to the shard, as after the preview a DBA has just looked at.
            assertThat(impatient.listSessions(Scope.shard(INSTANCE_B, SHARD_B1), OPERATOR).shardsInError()).isZero();
            long start = System.nanoTime();
            try (Hang hang = Hang.of(fleet.shard(SHARD_B1).server())) {
                assertThatThrownBy(() -> impatient.kill(KillRequest.of(INSTANCE_B, SHARD_B1,
                        List.of(victim.threadId()), null), OPERATOR))
                        .isInstanceOfSatisfying(KillSessionException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILED);
                            assertThat(e.taskId()).isNotNull();
                        });
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("a kill with a 3 s budget on a hung shard").isLessThan(Duration.ofMillis(5_500));
        }
    }
}
