package com.sessionconsole.killsession;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.demo.Workload;
import com.sessionconsole.fleet.ExplainPlan;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.INSTANCE_B;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EXPLAIN of a running statement, read from the real server (MariaDB: SHOW EXPLAIN FOR). */
class ExplainTest extends FleetTestSupport {

    @Test
    void theRunningJoinShowsItsPlan() throws Exception {
        Victim join = work.join(SHARD_B1);
        Await.until("the join to run", () -> find(SHARD_B1, join.threadId())
                .map(s -> Workload.JOIN.equals(s.statement())).orElse(false));

        ExplainPlan plan = service.explain(INSTANCE_B, SHARD_B1, join.threadId(), OPERATOR);

        assertThat(plan.hasPlan()).isTrue();
        assertThat(plan.columns()).contains("id", "select_type", "table", "type", "rows", "Extra");
        int table = plan.columns().indexOf("table");
        assertThat(plan.rows()).extracting(row -> row.get(table)).containsExactly("a", "b");
    }

    @Test
    void aStatementThatEndedInBetweenGetsAClearMessage() throws Exception {
        Victim quick = work.running(SHARD_A1, "SELECT COUNT(*) FROM app.accounts WHERE SLEEP(0.001) = 0");
        quick.running().get(10, TimeUnit.SECONDS);

        ExplainPlan ended = service.explain(INSTANCE_A, SHARD_A1, quick.threadId(), OPERATOR);

        assertThat(ended.hasPlan()).isFalse();
        assertThat(ended.reason()).startsWith("session " + quick.threadId() + " is not running a statement with a"
                + " plan now");
        assertThat(ended.reason()).contains("Target is not");

        quick.close();
        Await.until("the session to leave", () -> !serverShows(SHARD_A1, quick.threadId()));
        assertThat(service.explain(INSTANCE_A, SHARD_A1, quick.threadId(), OPERATOR).reason())
                .isEqualTo("session " + quick.threadId() + " has ended");
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> service.explain(INSTANCE_A, SHARD_A1, 0, OPERATOR))
                .isInstanceOfSatisfying(KillSessionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
                    assertThat(e.getMessage()).startsWith("SessionId:");
                });
        assertThatThrownBy(() -> service.explain(INSTANCE_A, "shard-nosuch1", 5, OPERATOR))
                .isInstanceOfSatisfying(KillSessionException.class, e -> assertThat(e.getMessage()).startsWith("ShardId:"));
        assertThatThrownBy(() -> service.explain(INSTANCE_A, null, 5, OPERATOR))
                .isInstanceOfSatisfying(KillSessionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PARAMETER));
        assertThatThrownBy(() -> service.explain("tdsqlshard-nosuch01", SHARD_A1, 5, OPERATOR))
                .isInstanceOfSatisfying(KillSessionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INSTANCE_NOT_FOUND));
        assertThatThrownBy(() -> service.explain(INSTANCE_A, SHARD_A1, 5,
                new Caller("api:reader", false, Set.of(INSTANCE_B))))
                .isInstanceOfSatisfying(KillSessionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    }
}
