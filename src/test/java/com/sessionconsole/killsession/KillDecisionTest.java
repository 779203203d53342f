package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The guards and "kill what you saw", decided without a database. */
class KillDecisionTest {
    private static final Shard SHARD = new Shard("tdsqlshard-u", "shard-u1", "set_1_1", "127.0.0.1:3306", "running");

    private static Session session(long id, String user, String host, String command, String statement, Long queryId) {
        return new Session(SHARD, id, user, host, "app", command, 5, "", statement, queryId, null, null, false, null);
    }

    @Test
    void aSessionThatIsThereIsKilledOneThatIsNotIsAlreadyGone() {
        Map<Long, Session> live = Map.of(1L, session(1, "app", "10.0.0.5:4411", "Sleep", null, null));
        KillDecision decision = KillDecision.of(List.of(1L, 2L), KillMode.CONNECTION, Map.of(), live);

        assertThat(decision.orders()).containsExactly(new KillOrder(1, KillMode.CONNECTION, null));
        assertThat(decision.decided().get(2L).outcome()).isEqualTo(Outcome.ALREADY_GONE);
        assertThat(decision.nothingToSend()).isFalse();
    }

    @Test
    void replicationDaemonsAndTheConsolesOwnConnectionsAreProtected() {
        Session binlog = session(3, "repl", "10.0.0.9:5000", "Binlog Dump GTID", null, null);
        Session own = new Session(SHARD, 4, "console", "10.0.0.2:1", null, "Sleep", 0, "", null, null, null, null,
                true, null);
        KillDecision decision = KillDecision.of(List.of(3L, 4L), KillMode.CONNECTION, Map.of(),
                Map.of(3L, binlog, 4L, own));

        assertThat(decision.orders()).isEmpty();
        assertThat(decision.nothingToSend()).isTrue();
        assertThat(decision.decided().values()).extracting(SessionOutcome::outcome)
                .containsOnly(Outcome.PROTECTED);
        assertThat(decision.decided().get(3L).message()).contains("Binlog Dump GTID");
        assertThat(decision.decided().get(4L).message()).contains("own connection");
    }

    @Test
    void aQueryKillEndsOnlyTheStatementTheOperatorSaw() {
        Map<Long, Session> live = Map.of(
                5L, session(5, "app", "h:1", "Query", "SELECT SLEEP(60)", 900L),
                6L, session(6, "app", "h:2", "Query", "UPDATE t SET x = 1", 901L),
                7L, session(7, "app", "h:3", "Sleep", null, null));
        Map<Long, String> seen = Map.of(5L, "  SELECT SLEEP(60) ", 6L, "SELECT 1", 7L, "");
        KillDecision decision = KillDecision.of(List.of(5L, 6L, 7L), KillMode.QUERY, seen, live);

        assertThat(decision.orders()).containsExactly(new KillOrder(5, KillMode.QUERY, 900L));
        assertThat(decision.decided().get(6L).message()).contains("now runs another one");
        assertThat(decision.decided().get(7L).message()).contains("no statement running");
    }

    @Test
    void aQueryKillWithoutASnapshotEndsWhateverRunsWithoutAQueryId() {
        Map<Long, Session> live = Map.of(8L, session(8, "app", "h:1", "Query", "SELECT 2", 77L));
        KillDecision decision = KillDecision.of(List.of(8L), KillMode.QUERY, Map.of(), live);

        assertThat(decision.orders()).containsExactly(new KillOrder(8, KillMode.QUERY, null));
    }

    @Test
    void outcomesFollowTheOrderAskedWithTheSentOnesFilledIn() {
        Map<Long, Session> live = Map.of(1L, session(1, "app", "h:1", "Query", "SELECT 1", null));
        KillDecision decision = KillDecision.of(List.of(2L, 1L), KillMode.CONNECTION, Map.of(), live);

        List<SessionOutcome> outcomes = decision.outcomes(List.of(2L, 1L),
                List.of(new SessionOutcome(1, Outcome.KILLED, "")));
        assertThat(outcomes).extracting(SessionOutcome::sessionId).containsExactly(2L, 1L);
        assertThat(outcomes).extracting(SessionOutcome::outcome).containsExactly(Outcome.ALREADY_GONE, Outcome.KILLED);
    }
}
