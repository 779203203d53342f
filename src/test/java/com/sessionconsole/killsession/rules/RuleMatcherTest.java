package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The matcher and the rule's own checks, on sessions made here: no server needed. */
class RuleMatcherTest {
    private static final Shard CLOUD = new Shard("tdsqlshard-cloud1", "shard-c1", "set_1_1", "api", "running");
    private static final Shard OWN = new Shard("tdsqlshard-own1", "shard-o1", "set_2_1", "127.0.0.1:3306", "running");

    private static Session session(Shard shard, long id, String command, long time, String statement) {
        return new Session(shard, id, "report", "10.0.0.5:4000", "app", command, time, "", statement, null, null, null,
                false, null);
    }

    @Test
    void aKillQuerySkipsIdleSessionsAndInstancesThatEndConnectionsOnly() {
        Rule rule = new Rule(null, RuleScope.FLEET, RuleConditionsTest.with(Conditions.NONE, "users",
                List.of("report")), new RuleAction(KillMode.QUERY, Victims.ALL, 10));
        List<Session> sessions = List.of(session(CLOUD, 1, "Query", 5, "SELECT 1"), session(OWN, 2, "Query", 5,
                "SELECT 2"), session(OWN, 3, "Sleep", 50, null));

        RuleMatch match = RuleMatcher.match(rule, sessions, Set.of(CLOUD.instanceId()), List.of());

        assertThat(match.victims()).extracting(Session::id).containsExactly(2L);
        assertThat(match.skipped()).extracting(RuleMatch.Skipped::reason).containsExactlyInAnyOrder(
                "instance tdsqlshard-cloud1 ends connections only (no KILL QUERY)",
                "no statement running: kill query would end nothing");
        assertThat(match.rowsToRollBack()).isZero();
    }

    @Test
    void aRuleWithoutAConditionOrWithContradictionsIsRefused() {
        assertThatThrownBy(() -> new Rule("x", new RuleScope(List.of("tdsqlshard-own1"), List.of()), Conditions.NONE,
                null)).hasMessageStartingWith("match: a rule needs at least one condition beyond its scope");
        Conditions onlyExclusions = RuleConditionsTest.with(Conditions.NONE, "ignoreUsers", List.of("root"));
        assertThatThrownBy(() -> new Rule("x", null, onlyExclusions, null)).hasMessageContaining("exclusions alone");
        Conditions idle = RuleConditionsTest.with(Conditions.NONE, "idleTime", 60L);
        assertThatThrownBy(() -> new Rule("x", null, idle, new RuleAction(KillMode.QUERY, null, 5)))
                .hasMessageStartingWith("kill: an idle session runs no statement");
        assertThatThrownBy(() -> new Rule("has space", null, idle, null)).hasMessageStartingWith("name: 'has space'");
        assertThat(new Rule(null, null, idle, null).label()).isEqualTo(Rule.AD_HOC);
        assertThat(new Rule("idle", null, idle, null).describe())
                .isEqualTo("idle: idle>=60s on the fleet; kill connection, victims all, cap 1000 per round");
    }

    @Test
    void groupsCountRunningTimeAndShardsAndBecomeRules() {
        List<Session> sessions = List.of(session(OWN, 1, "Query", 5, "SELECT * FROM t WHERE id = 1"),
                session(CLOUD, 2, "Query", 7, "select * from t where id = 99"), session(OWN, 3, "Sleep", 50, null));

        List<Groups.Group> byStatement = Groups.of(sessions, GroupBy.FINGERPRINT);
        assertThat(byStatement).hasSize(2);
        Groups.Group top = byStatement.get(0);
        assertThat(top).extracting(Groups.Group::key, Groups.Group::count, Groups.Group::running,
                Groups.Group::totalTime, Groups.Group::longest, Groups.Group::shards)
                .containsExactly("select * from t where id = ?", 2, 2, 12L, 7L, 2);
        assertThat(RuleMatcher.match(top.rule(), sessions, Set.of(), List.of()).victims()).extracting(Session::id)
                .containsExactlyInAnyOrder(1L, 2L);
        assertThat(byStatement.get(1).label()).isEqualTo("(no statement)");
        assertThat(byStatement.get(1).rule()).isNull();

        Groups.Group host = Groups.of(sessions, GroupBy.HOST).get(0);
        assertThat(host.key()).isEqualTo("10.0.0.5");
        assertThat(RuleMatcher.match(host.rule(), sessions, Set.of(), List.of()).victims()).hasSize(3);
    }
}
