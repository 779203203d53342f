package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.testfleet.Accounts;
import com.sessionconsole.testfleet.Await;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code kill} by rule, {@code watch} and {@code list --group-by}, in-process against the real fleet. */
class RuleCliTest extends CliTestSupport {
    private Victim reporter(String shard) throws Exception {
        return work.running(shard, Accounts.connect(fleet, shard, "report", "app"), "SELECT SLEEP(120)");
    }

    @Test
    void killByRuleKillsEveryMatchOnEveryShardAndNothingElse() throws Exception {
        Victim a1 = reporter(SHARD_A1);
        Victim b1 = reporter(SHARD_B1);
        Victim app = work.running(SHARD_A1, "SELECT SLEEP(121)");
        Await.until("the statements to run", () -> find(SHARD_B1, b1.threadId()).isPresent());

        assertThat(runOnFleet("kill", "--match-user", "report", "--busy-time", "0", "--dry-run")).as(err).isZero();
        assertThat(out).contains("Rule ad-hoc: user=report busy>=0s on the fleet", String.valueOf(a1.threadId()),
                String.valueOf(b1.threadId()), "2 session(s) to kill on 2 shard(s)", "Dry run: nothing was killed.")
                .doesNotContain("SLEEP(121)");
        assertThat(serverShows(SHARD_A1, a1.threadId())).isTrue();

        assertThat(runOnFleet("kill", "--match-user", "report", "--busy-time", "0", "--yes")).as(err).isZero();
        assertThat(out).contains("Rule ad-hoc: 2 matched, 2 killed");
        Await.until("both to go", () -> !serverShows(SHARD_A1, a1.threadId()) && !serverShows(SHARD_B1, b1.threadId()));
        assertThat(serverShows(SHARD_A1, app.threadId())).isTrue();
        assertThat(runOnFleet("tasks")).isZero();
        assertThat(out).contains("cli:" + System.getProperty("user.name") + " rule:ad-hoc");
    }

    @Test
    void aSavedRuleRunsByNameAndScopeAndModeOptionsApply() throws Exception {
        Files.writeString(dataDir.resolve("rules.yaml"), "rules:\n  - name: reports\n    scope:\n      instances: ["
                + INSTANCE_A + "]\n    match:\n      user: report\n");
        Victim a2 = reporter(SHARD_A2);
        Victim b1 = reporter(SHARD_B1);
        Await.until("the statements to run", () -> find(SHARD_B1, b1.threadId()).isPresent());

        assertThat(runOnFleet("kill", "--rule", "reports", "--query", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--rule reports runs the saved rule as it is");
        assertThat(runOnFleet("kill", "--rule", "nosuch", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("no rule named 'nosuch' in the rules file (it has: reports)");

        assertThat(runOnFleet("kill", "--rule", "reports", "--yes", "--print")).as(err).isZero();
        assertThat(out).contains("Rule reports: 1 matched, 1 killed", String.valueOf(a2.threadId()));
        Await.until("the one in scope to go", () -> !serverShows(SHARD_A2, a2.threadId()));
        assertThat(serverShows(SHARD_B1, b1.threadId())).isTrue();
        assertThat(runOnFleet("tasks")).isZero();
        assertThat(out).contains(" rule:reports");

        assertThat(runOnFleet("kill", "--match-user", "report", "--shard", SHARD_B1, "--kill-query", "--yes")).as(err).isZero();
        assertThat(out).contains("kill query: end the running statement only", "1 killed");
        Await.until("the statement to end", () -> b1.running().isDone());
        assertThat(b1.connectionAlive()).isTrue(); // a kill query leaves the connection
    }

    @Test
    void badRuleOptionsAreRefusedNamingTheOption() {
        assertThat(runOnFleet("kill", "--instance", INSTANCE_A, "--shard-id", SHARD_A1, "--match-user", "x", "--yes", "5"))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("give either SESSION_IDs of one shard", "or a rule", "not both");
        assertThat(runOnFleet("kill", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("MissingParameter: give the SESSION_IDs to kill");
        assertThat(runOnFleet("kill", "--match-user", "^rep.*", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--match-user: '^rep.*' looks like a pattern; here it is an exact name");
        assertThat(runOnFleet("kill", "--ignore-user", "root", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("a rule needs at least one condition beyond its scope");
        assertThat(runOnFleet("kill", "--match-info", "(a)\\1", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--match-info: '(a)\\1' is not a pattern RE2 accepts");
        assertThat(runOnFleet("kill", "--busy-time", "soon", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--busy-time: 'soon' is not a time");
        assertThat(runOnFleet("kill", "--match-user", "x", "--victims", "all-but-oldest", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--victims: 'all-but-oldest' is pt-kill's");
        assertThat(runOnFleet("kill", "--match-user", "x")).isEqualTo(ExitCode.OK); // nothing matches: nothing to confirm
        assertThat(runOnFleet("kill", "--match-user", "app", "--instance", "tdsqlshard-nosuch", "--yes"))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("InvalidParameter.InstanceNotFound: scope: no instance tdsqlshard-nosuch");
        assertThat(runOnFleet("watch", "--match-user", "x", "--run-time", "2h", "--yes")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--run-time: 2h is longer than the 1h a watch may run here");
        assertThat(runOnFleet("watch", "--match-user", "x", "--interval", "0.1", "--run-time", "1m", "--yes"))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--interval: 0.1s is too short");
    }

    @Test
    void watchKillsEachRoundForItsRunTime() throws Exception {
        Victim early = reporter(SHARD_A1);
        Await.until("the statement to run", () -> find(SHARD_A1, early.threadId()).isPresent());
        Thread later = new Thread(() -> {
            try {
                Await.until("the first to go", () -> !serverShows(SHARD_A1, early.threadId()));
                reporter(SHARD_A2);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        later.start();

        assertThat(runOnFleet("watch", "--match-user", "report", "--interval", "0.5", "--run-time", "4s", "--yes"))
                .as(err).isZero();
        later.join();

        assertThat(out).contains("Watching ad-hoc every 0.5s for 4s", "round 1: 1 matched, 1 killed",
                "Watch ad-hoc: done after").contains("2 killed");
        assertThat(list().sessions()).noneMatch(s -> "report".equals(s.user()));
    }

    @Test
    void listGroupsByEveryKey() throws Exception {
        reporter(SHARD_A1);
        Victim b1 = reporter(SHARD_B1);
        Await.until("the statements to run", () -> find(SHARD_B1, b1.threadId()).isPresent());

        assertThat(runOnFleet("list", "--group-by", "user")).as(err).isZero();
        assertThat(out).contains("SESSIONS  RUNNING  TOTAL_TIME  LONGEST  SHARDS  USER").containsPattern("2 +2 +\\d+ +\\d+ +2 +report");
        assertThat(runOnFleet("list", "--group-by", "fingerprint", "--format", "json")).isZero();
        JsonNode groups = Json.MAPPER.readTree(out);
        assertThat(groups.findValuesAsText("fingerprint")).contains("select sleep(?)");
        for (String by : List.of("host", "db", "command")) {
            assertThat(runOnFleet("list", "--group-by", by)).as(by).isZero();
        }
        assertThat(runOnFleet("list", "--group-by", "color")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--group-by: 'color' (expected user, host, db, command or fingerprint)");
    }
}
