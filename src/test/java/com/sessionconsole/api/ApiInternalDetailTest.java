package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.mysql.MysqlInstanceBackend;
import com.sessionconsole.mysql.MysqlTimeouts;
import com.sessionconsole.testfleet.ForwardingBackend;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/** Exception texts and local paths from a failed kill stay in the server log, out of KillSession and DescribeFlow. */
class ApiInternalDetailTest extends ApiTestSupport {
    /** A live session, so that a KILL is really attempted (a gone one is settled without any). */
    private static String kill(long sessionId) {
        return "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1 + "\",\"SessionId\":["
                + sessionId + "]}";
    }

    /** The real backend whose KILL fails: with a bug (a RuntimeException) or as a backend failure naming a file. */
    private static final class FailingKill extends ForwardingBackend {
        private final AtomicBoolean bug;

        FailingKill(InstanceBackend real, AtomicBoolean bug) {
            super(real);
            this.bug = bug;
        }

        @Override
        public List<SessionOutcome> kill(Shard shard, List<KillOrder> orders, TimeBudget budget) throws BackendException {
            if (bug.get()) {
                throw new IllegalStateException("boom in /opt/session-console/lib/app.jar");
            }
            throw new BackendException(shard.shardId() + " unreachable: cannot read /etc/session-console/ca.pem", null);
        }
    }

    @Test
    void anInternalFailureIsAnsweredGenericallyAndAnOperatorDetailPassesWithoutItsPath() throws Exception {
        var lanes = Executors.newCachedThreadPool();
        AtomicBoolean bug = new AtomicBoolean(true);
        try (KillSessionService failing = KillSessionService.open(fleet.inventory(), dataDir.resolve("failing"),
                ServiceOptions.DEFAULT, (config, connections) -> new FailingKill(new MysqlInstanceBackend(config,
                        MysqlTimeouts.DEFAULT, lanes, connections), bug));
             ApiServer other = ApiServer.start(failing, keys(), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0)))) {
            endpoint = "127.0.0.1:" + other.address().getPort();

            long victim = work.idle(SHARD_A1).threadId();
            var internal = failure(killer(), "KillSession", kill(victim));
            assertThat(internal.getMessage()).contains("internal error", "RequestId " + internal.getRequestId())
                    .doesNotContain("IllegalStateException", "/opt/", "boom");
            JsonNode flow = call(killer(), "DescribeFlow", "{\"FlowId\":" + taskId(internal.getMessage()) + "}");
            assertThat(flow.path("Status").asInt()).isEqualTo(1);
            assertThat(flow.path("Detail").asText()).isEqualTo(SafeMessage.INTERNAL);
            assertThat(flow.toString()).doesNotContain("IllegalStateException", "/opt/", "boom");

            bug.set(false);
            var unreachable = failure(killer(), "KillSession", kill(victim));
            assertThat(unreachable.getErrorCode()).isEqualTo("FailedOperation.OssOperationFailed");
            assertThat(unreachable.getMessage()).contains(SHARD_A1 + " unreachable: cannot read <path>")
                    .doesNotContain("/etc/");
            flow = call(killer(), "DescribeFlow", "{\"FlowId\":" + taskId(unreachable.getMessage()) + "}");
            assertThat(flow.path("Detail").asText()).isEqualTo(SHARD_A1 + " unreachable: cannot read <path>");
            assertThat(flow.path("Sessions").get(0).path("Message").asText()).doesNotContain("/etc/");
        } finally {
            lanes.shutdownNow();
        }
    }

    private static long taskId(String message) {
        Matcher task = Pattern.compile("task (\\d+)").matcher(message);
        assertThat(task.find()).as("a TaskId in: %s", message).isTrue();
        return Long.parseLong(task.group(1));
    }
}
