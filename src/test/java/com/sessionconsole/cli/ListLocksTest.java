package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.demo.Victim;
import com.sessionconsole.demo.Workload;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.testfleet.Await;
import com.sessionconsole.testfleet.TestLaunch;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.INSTANCE_B;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code list --locks} and {@code list --explain} against the real fleet. */
class ListLocksTest extends CliTestSupport {
    /** A loaded machine can take a while to start the statements that wait. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    @Test
    void locksPrintsEachChainAsAnIndentedTree() throws Exception {
        String table = work.table(SHARD_A1, "cli_rows", 5);
        Victim root = work.transaction(SHARD_A1, false, "UPDATE " + table + " SET balance = 1 WHERE id = 1");
        root.running().get(10, TimeUnit.SECONDS);
        Victim middle = work.transaction(SHARD_A1, false, "UPDATE " + table + " SET balance = 2 WHERE id = 2",
                "UPDATE " + table + " SET balance = 2 WHERE id = 1");
        Await.until("the middle link to wait", LOCK_WAIT, () -> find(SHARD_A1, middle.threadId())
                .map(Session::waitingForLock).orElse(false));
        Victim last = work.transaction(SHARD_A1, false, "UPDATE " + table + " SET balance = 3 WHERE id = 2");
        Await.until("the last link to wait", LOCK_WAIT, () -> find(SHARD_A1, last.threadId())
                .map(Session::waitingForLock).orElse(false));

        assertThat(runOnFleet("list", "--locks", "--instance", INSTANCE_A)).isZero();

        List<String> lines = out.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith(INSTANCE_A + "/" + SHARD_A1 + ": 1 chain")
                && l.contains("row locks: information_schema.INNODB_LOCK_WAITS"));
        String rootLine = lines.stream().filter(l -> l.startsWith(root.threadId() + " ")).findFirst().orElseThrow();
        assertThat(rootLine).contains("root blocker").containsPattern("root blocker +2 ");
        assertThat(lines).anyMatch(l -> l.startsWith("`- " + middle.threadId() + " ")
                && l.contains("row lock X on app.cli_rows (PRIMARY)"));
        assertThat(lines).anyMatch(l -> l.startsWith("   `- " + last.threadId() + " "));
        assertThat(lines).anyMatch(l -> l.endsWith(": no lock waits"));
        assertThat(err).isEmpty();

        assertThat(runOnFleet("list", "--locks", "--instance", INSTANCE_A, "--shard", SHARD_A1, "--format", "json")).isZero();
        JsonNode chain = Json.MAPPER.readTree(out).path("shards").get(0).path("chains").get(0);
        assertThat(chain.path("kind").asText()).isEqualTo("ROOT_BLOCKER");
        assertThat(chain.path("frees").asInt()).isEqualTo(2);
        assertThat(chain.path("root").path("sessionId").asLong()).isEqualTo(root.threadId());
        assertThat(chain.path("root").path("waiters").get(0).path("waiters").get(0).path("sessionId").asLong())
                .isEqualTo(last.threadId());
    }

    @Test
    void explainPrintsThePlanOfTheRunningStatement() throws Exception {
        Victim join = work.join(SHARD_B1);
        Await.until("the join to run", () -> find(SHARD_B1, join.threadId())
                .map(s -> Workload.JOIN.equals(s.statement())).orElse(false));

        assertThat(runOnFleet("list", "--instance", INSTANCE_B, "--shard", SHARD_B1, "--explain",
                String.valueOf(join.threadId()))).isZero();

        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Plan of the statement session " + join.threadId() + " runs on "
                + INSTANCE_B + "/" + SHARD_B1 + ":");
        assertThat(lines.get(1)).startsWith("id  select_type  table  type");
        assertThat(lines.subList(2, lines.size())).hasSize(2).allMatch(l -> l.startsWith("1   SIMPLE"));
    }

    @Test
    void explainOfAnIdleSessionSaysWhyThereIsNoPlan() throws Exception {
        Victim idle = work.idle(SHARD_A1);

        assertThat(runOnFleet("list", "--instance", INSTANCE_A, "--shard", SHARD_A1, "--explain",
                String.valueOf(idle.threadId()))).isZero();

        assertThat(out).startsWith("No plan: session " + idle.threadId() + " is not running a statement with a plan");
    }

    @Test
    void theWindowCanOpenOnTheLockChains() {
        List<WindowStart> asked = new ArrayList<>();
        SessionConsoleCli.WindowOpener opener = (inventory, given, data, start) -> {
            asked.add(start);
            return 0;
        };
        StringWriter stderr = new StringWriter();
        PrintWriter none = new PrintWriter(new StringWriter());

        assertThat(SessionConsoleCli.run(new String[] {"--show", "locks", "--screenshot", "locks.png"},
                TestLaunch.standard(), opener, none, new PrintWriter(stderr))).isZero();
        assertThat(SessionConsoleCli.run(new String[0], TestLaunch.standard(), opener, none, none)).isZero();
        assertThat(asked).containsExactly(new WindowStart(Path.of("locks.png"), WindowStart.View.locks),
                new WindowStart(null, null));

        assertThat(SessionConsoleCli.run(new String[] {"--show", "charts"}, TestLaunch.standard(), opener, none,
                new PrintWriter(stderr))).isEqualTo(ExitCode.REFUSED);
        assertThat(stderr.toString()).startsWith("error: Invalid value for option '--show'")
                .contains("details, locks, tasks, rules");
    }

    @Test
    void explainRefusesWhatItCannotUse() {
        assertThat(runOnFleet("list", "--explain", "12")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).isEqualTo("error: MissingParameter: --explain needs --instance and --shard" + System.lineSeparator());
        assertThat(runOnFleet("list", "--instance", INSTANCE_A, "--shard", SHARD_A1, "--explain", "12; DROP TABLE x"))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).startsWith("error: Invalid value for option '--explain'");
        assertThat(runOnFleet("list", "--instance", INSTANCE_A, "--shard", SHARD_A1, "--explain", "-3"))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).startsWith("error: InvalidParameter: SessionId: -3 is not a session id");
        assertThat(runOnFleet("list", "--locks", "--instance", INSTANCE_A, "--shard", SHARD_A1, "--explain", "3"))
                .isEqualTo(ExitCode.REFUSED);
        assertThat(err).contains("--locks and --explain cannot be combined");
        assertThat(runOnFleet("list", "--locks", "--user", "app")).isEqualTo(ExitCode.REFUSED);
        assertThat(err).startsWith("error: InvalidParameter: --user, --host,").contains("do not apply to --locks");
    }
}
