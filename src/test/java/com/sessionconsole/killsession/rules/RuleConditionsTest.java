package com.sessionconsole.killsession.rules;

import com.sessionconsole.demo.Victim;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.testfleet.Accounts;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.FleetTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each condition on live sessions of a real shard: it takes what it should and nothing else. The cast, on one
 * shard: two sessions of user {@code report} (one running in db app, one idle without a db) and three of
 * {@code app} (one running, one idle in a transaction holding row locks, one waiting for those locks).
 */
class RuleConditionsTest extends FleetTestSupport {
    private Victim reportRunning;
    private Victim reportIdle;
    private Victim appRunning;
    private Victim appHolding;
    private Victim appWaiting;

    @BeforeEach
    void cast() throws Exception {
        reportRunning = work.running(SHARD_A1, Accounts.connect(fleet, SHARD_A1, "report", "app"), "SELECT SLEEP(60)");
        reportIdle = work.idle(SHARD_A1, Accounts.connect(fleet, SHARD_A1, "report", ""));
        appRunning = work.running(SHARD_A1, "SELECT SLEEP(61) /* nightly export */");
        appHolding = work.openTransaction(SHARD_A1, 61, 3);
        appWaiting = work.waitingForRow(SHARD_A1, 62);
        Await.until("the statements to run and the waiter to wait", () -> {
            List<Session> live = list().sessions();
            return live.stream().anyMatch(s -> s.id() == appWaiting.threadId() && s.waitingForLock())
                    && live.stream().filter(s -> s.id() == reportRunning.threadId() || s.id() == appRunning.threadId())
                    .allMatch(s -> "User sleep".equals(s.state()));
        });
    }

    @Test
    void whoAndWhere() {
        assertThat(matched(c -> with(c, "users", List.of("report")))).containsExactlyInAnyOrder(reportRunning.threadId(),
                reportIdle.threadId());
        assertThat(matched(c -> with(with(c, "users", List.of("report")), "dbs", List.of("app"))))
                .containsExactly(reportRunning.threadId());
        // The server shows the client as it knows it: 127.0.0.1, or "localhost" when it resolves names.
        String host = HostPattern.withoutPort(find(SHARD_A1, reportIdle.threadId()).orElseThrow().host());
        List<String> forms = host.equals("127.0.0.1") ? List.of(host, "127.0.%", "127.0.0.0/8")
                : List.of(host, host.substring(0, 3) + "%");
        for (String form : forms) {
            assertThat(matched(c -> with(with(c, "users", List.of("report")), "hosts", List.of(new HostPattern(form)))))
                    .as(form).containsExactlyInAnyOrder(reportRunning.threadId(), reportIdle.threadId());
        }
        assertThat(matched(c -> with(c, "hosts", List.of(new HostPattern("10.0.0.0/8"))))).isEmpty();
        assertThat(matched(c -> with(with(c, "users", List.of("report")), "ignoreHosts",
                List.of(new HostPattern(host))))).isEmpty();
        assertThat(matched(c -> with(with(c, "users", List.of("report")), "ignoreDbs", List.of("app"))))
                .containsExactly(reportIdle.threadId());
        assertThat(matched(c -> with(with(c, "commands", List.of("sleep")), "ignoreUsers", List.of("report", "console"))))
                .containsExactly(appHolding.threadId());
    }

    @Test
    void whatAndHowLong() {
        assertThat(matched(c -> with(c, "states", List.of("user sleep"))))
                .containsExactlyInAnyOrder(reportRunning.threadId(), appRunning.threadId());
        assertThat(matched(c -> with(c, "info", StatementPattern.of("SLEEP\\(61\\)"))))
                .containsExactly(appRunning.threadId());
        assertThat(matched(c -> with(c, "info", StatementPattern.of("sleep\\(61")))).isEmpty(); // case-sensitive
        assertThat(matched(c -> with(c, "fingerprint", "select sleep(?)")))
                .containsExactlyInAnyOrder(reportRunning.threadId(), appRunning.threadId());
        assertThat(matched(c -> with(with(c, "users", List.of("app")), "busyTime", 0L)))
                .containsExactlyInAnyOrder(appRunning.threadId(), appWaiting.threadId());
        assertThat(matched(c -> with(with(c, "users", List.of("app")), "busyTime", 3600L))).isEmpty();
        assertThat(matched(c -> with(with(c, "users", List.of("app")), "idleTime", 0L)))
                .containsExactly(appHolding.threadId());
    }

    @Test
    void transactionsAndLocks() {
        assertThat(matched(c -> with(c, "trxAge", 0L))).containsExactlyInAnyOrder(appHolding.threadId(),
                appWaiting.threadId());
        assertThat(matched(c -> with(c, "trxAge", 3600L))).isEmpty();
        assertThat(matched(c -> with(c, "rowsModified", 3L))).containsExactly(appHolding.threadId());
        assertThat(matched(c -> with(c, "rowsModified", 4L))).isEmpty();
        assertThat(matched(c -> with(c, "blocksOthers", true))).containsExactly(appHolding.threadId());
        assertThat(matched(c -> with(c, "waitsOnLock", true))).containsExactly(appWaiting.threadId());
    }

    /** The ids a rule on shard A1 would kill now, read live through the service. */
    private Set<Long> matched(UnaryOperator<Conditions> conditions) {
        Rule rule = new Rule("t", new RuleScope(List.of(INSTANCE_A), List.of(SHARD_A1)),
                conditions.apply(Conditions.NONE), RuleAction.DEFAULT);
        try {
            RuleMatch match = new RuleRun(service).preview(rule, OPERATOR);
            assertThat(match.shardErrors()).isEmpty();
            return Set.copyOf(match.victims().stream().map(Session::id).toList());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The conditions with one of them set, by its name. */
    static Conditions with(Conditions c, String field, Object value) {
        return new Conditions(pick(field, "users", value, c.users()), pick(field, "hosts", value, c.hosts()),
                pick(field, "dbs", value, c.dbs()), pick(field, "commands", value, c.commands()),
                pick(field, "states", value, c.states()), pick(field, "info", value, c.info()),
                pick(field, "fingerprint", value, c.fingerprint()), pick(field, "busyTime", value, c.busyTime()),
                pick(field, "idleTime", value, c.idleTime()), pick(field, "trxAge", value, c.trxAge()),
                pick(field, "rowsModified", value, c.rowsModified()), pick(field, "blocksOthers", value, c.blocksOthers()),
                pick(field, "waitsOnLock", value, c.waitsOnLock()), pick(field, "ignoreUsers", value, c.ignoreUsers()),
                pick(field, "ignoreHosts", value, c.ignoreHosts()), pick(field, "ignoreDbs", value, c.ignoreDbs()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T pick(String field, String name, Object value, T current) {
        return field.equals(name) ? (T) value : current;
    }
}
