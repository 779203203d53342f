package com.sessionconsole.ui.history;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.killsession.FleetSnapshot;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.sessionconsole.ui.ViewModelFixtures.A1;
import static com.sessionconsole.ui.ViewModelFixtures.A2;
import static com.sessionconsole.ui.ViewModelFixtures.holder;
import static com.sessionconsole.ui.ViewModelFixtures.own;
import static com.sessionconsole.ui.ViewModelFixtures.session;
import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static com.sessionconsole.ui.ViewModelFixtures.waiter;
import static org.assertj.core.api.Assertions.assertThat;

/** The window's history of the fleet: plain JUnit, no toolkit. */
class FleetHistoryTest {
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    static final String ORDERS = "tdsqlshard-a";
    static final String A1_KEY = "tdsqlshard-a/shard-a1";
    static final String A2_KEY = "tdsqlshard-a/shard-a2";

    private final FleetHistory history = new FleetHistory();

    /** A refresh at {@code at} with {@code running} queries on shard a1 and a lock wait on a2; b1 unreachable. */
    static FleetSnapshot refresh(Instant at, int running) {
        List<Session> a1 = new java.util.ArrayList<>(List.of(session(A1, 1, "app", "Sleep", null), own(A1, 2)));
        for (int i = 0; i < running; i++) {
            a1.add(session(A1, 10 + i, "report", "Query", "SELECT SLEEP(60)"));
        }
        FleetSnapshot base = snapshot(a1, List.of(holder(A2, 4, 40), waiter(A2, 5, 4), waiter(A2, 6, 4)), List.of(),
                "Connection refused");
        return new FleetSnapshot(at, base.took(), base.instances(), base.instanceErrors(), base.shards());
    }

    static long slot(Instant at) {
        return HistoryRing.slotOf(at.getEpochSecond());
    }

    @Test
    void aRefreshKeepsEachShardsFiguresTheInstancesSumsAndTheFleets() {
        history.record(refresh(T0, 3));

        long slot = slot(T0);
        HistoryRing a1 = history.ring(A1_KEY);
        assertThat(a1.value(slot, Figure.SESSIONS)).isEqualTo(5);
        // Sleeping and protected (the console's own listing) sessions are not running.
        assertThat(a1.value(slot, Figure.RUNNING)).isEqualTo(3);
        assertThat(a1.value(slot, Figure.LONGEST_RUNNING)).isEqualTo(12);
        HistoryRing a2 = history.ring(A2_KEY);
        assertThat(a2.value(slot, Figure.WAITING)).isEqualTo(2);
        assertThat(a2.value(slot, Figure.BLOCKING)).isEqualTo(1);
        assertThat(a2.value(slot, Figure.OLDEST_TRANSACTION)).isEqualTo(30);
        HistoryRing orders = history.ring(ORDERS);
        assertThat(orders.value(slot, Figure.SESSIONS)).isEqualTo(8);
        assertThat(orders.value(slot, Figure.RUNNING)).isEqualTo(5);
        assertThat(orders.value(slot, Figure.OLDEST_TRANSACTION)).isEqualTo(30);
        assertThat(history.ring(FleetHistory.FLEET).value(slot, Figure.SESSIONS)).isEqualTo(8);
        // Lock waiters run a statement: they count as running too.
        assertThat(a2.value(slot, Figure.RUNNING)).isEqualTo(2);
        // The unreachable shard records nothing, and its instance neither.
        assertThat(history.ring("tdsqlshard-b/shard-b1")).isNull();
        assertThat(history.ring("tdsqlshard-b")).isNull();
    }

    @Test
    void refreshesWithinFiveSecondsFoldIntoOneSlotThatKeepsThePeak() {
        history.record(refresh(T0, 4));
        history.record(refresh(T0.plusSeconds(2), 1));

        assertThat(history.ring(A1_KEY).value(slot(T0), Figure.RUNNING)).isEqualTo(4);
        history.record(refresh(T0.plusSeconds(5), 1));
        assertThat(history.ring(A1_KEY).value(slot(T0) + 1, Figure.RUNNING)).isEqualTo(1);
    }

    @Test
    void anHourLaterTheOldestSlotIsGoneAndTheRingKeptItsSize() {
        history.record(refresh(T0, 2));
        for (int i = 1; i <= HistoryRing.SLOTS; i++) {
            history.record(refresh(T0.plusSeconds(i * 5L), i % 7));
        }

        HistoryRing a1 = history.ring(A1_KEY);
        assertThat(a1.value(slot(T0), Figure.RUNNING)).isEqualTo(HistoryRing.ABSENT);
        assertThat(a1.value(slot(T0) + 1, Figure.RUNNING)).isEqualTo(1);
        assertThat(a1.oldest()).isEqualTo(slot(T0) + 1);
        assertThat(a1.newest()).isEqualTo(slot(T0) + HistoryRing.SLOTS);
        assertThat(history.size()).isEqualTo(4); // the fleet, orders and its two shards: nothing grew
    }

    @Test
    void aKillCountsOnceOnItsShardItsInstanceAndTheFleet() {
        history.record(refresh(T0, 1));
        KillTask running = task(7, T0.plusSeconds(6), TaskStatus.RUNNING, List.of());
        KillTask done = task(7, T0.plusSeconds(6), TaskStatus.SUCCESS, List.of(new SessionOutcome(10, Outcome.KILLED, ""),
                new SessionOutcome(11, Outcome.ALREADY_GONE, ""), new SessionOutcome(2, Outcome.PROTECTED, "")));

        assertThat(history.kills(List.of(running))).isFalse();
        assertThat(history.kills(List.of(done))).isTrue();
        assertThat(history.kills(List.of(done))).isFalse(); // the task list reloads after every refresh

        long slot = slot(T0) + 1;
        assertThat(history.ring(A1_KEY).value(slot, Figure.KILLS)).isEqualTo(1);
        assertThat(history.ring(ORDERS).value(slot, Figure.KILLS)).isEqualTo(1);
        assertThat(history.ring(FleetHistory.FLEET).value(slot, Figure.KILLS)).isEqualTo(1);
        assertThat(history.ring(A2_KEY).value(slot, Figure.KILLS)).isEqualTo(HistoryRing.ABSENT);
        // A slot with a kill but no refresh has no figures of its own.
        assertThat(history.ring(A1_KEY).sampled(slot)).isFalse();
    }

    @Test
    void killsLoadedBeforeTheFirstRefreshCountOnceItArrives() {
        KillTask done = task(8, T0, TaskStatus.SUCCESS, List.of(new SessionOutcome(10, Outcome.KILLED, "")));
        assertThat(history.kills(List.of(done))).isFalse();

        history.record(refresh(T0.plusSeconds(5), 1));
        assertThat(history.kills(List.of(done))).isTrue();
        assertThat(history.ring(A1_KEY).value(slot(T0), Figure.KILLS)).isEqualTo(1);
    }

    @Test
    void anInstanceMissingFromARefreshKeepsItsHistoryUntilItHasBeenGoneAnHour() {
        history.record(refresh(T0, 2));
        FleetSnapshot full = refresh(T0.plusSeconds(5), 1);
        // The instance's describe failed (a cloud API timeout): it is left out of the refresh, named in its errors.
        FleetSnapshot without = new FleetSnapshot(full.readAt(), full.took(), full.instances().stream()
                .filter(i -> !i.id().equals(ORDERS)).toList(), Map.of(ORDERS, "describe timed out"),
                full.shards().stream().filter(s -> !s.shard().instanceId().equals(ORDERS)).toList());
        history.record(without);

        assertThat(history.ring(A1_KEY).value(slot(T0), Figure.RUNNING)).isEqualTo(2);
        assertThat(history.shardsUnder(ORDERS)).containsExactly(A1_KEY, A2_KEY);

        Instant later = T0.plusSeconds(5L * HistoryRing.SLOTS + 5);
        history.record(new FleetSnapshot(later, without.took(), without.instances(), without.instanceErrors(),
                without.shards()));
        assertThat(history.ring(A1_KEY)).isNull();
    }

    @Test
    void theCsvHasTheNodeThenEachShardWithEveryFigure() throws Exception {
        history.record(refresh(T0, 2));
        history.record(refresh(T0.plusSeconds(5), 3));

        StringWriter out = new StringWriter();
        HistoryCsv.of(history, ORDERS).write(out);

        assertThat(out.toString().split("\n")).containsExactly(
                "time,instanceId,shardId,sessions,running,waiting,blocking,longestRunningSeconds,oldestTransactionSeconds,kills",
                "2025-01-01T10:00:00Z,tdsqlshard-a,,7,4,2,1,11,30,0",
                "2025-01-01T10:00:05Z,tdsqlshard-a,,8,5,2,1,12,30,0",
                "2025-01-01T10:00:00Z,tdsqlshard-a,shard-a1,4,2,0,0,11,0,0",
                "2025-01-01T10:00:05Z,tdsqlshard-a,shard-a1,5,3,0,0,12,0,0",
                "2025-01-01T10:00:00Z,tdsqlshard-a,shard-a2,3,2,2,1,5,30,0",
                "2025-01-01T10:00:05Z,tdsqlshard-a,shard-a2,3,2,2,1,5,30,0");
    }

    private static KillTask task(long id, Instant at, TaskStatus status, List<SessionOutcome> outcomes) {
        return new KillTask(id, at, status == TaskStatus.RUNNING ? null : at, "test", ORDERS, "shard-a1", "set_1_1",
                KillMode.CONNECTION, List.of(10L, 11L, 2L), status, "", outcomes);
    }
}
