package com.sessionconsole.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.backend.TimeBudget;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import com.sessionconsole.mysql.MysqlInstanceBackend;
import com.sessionconsole.mysql.MysqlTimeouts;
import com.sessionconsole.testfleet.ForwardingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults nothing was written for: a backend that throws an Error still gets its caller an InternalError answer
 * with the RequestId under which the server logged it, and a failure that names a local file reaches no caller
 * with the path, whichever action failed.
 */
class ApiFaultsTest extends ApiTestSupport {
    private static final String SECRET_PATH = "/etc/session-console/tls/ca.pem";

    /** The real backend with one call made to fail, as the test says. */
    private static final class Misbehaving extends ForwardingBackend {
        final AtomicReference<Throwable> processList = new AtomicReference<>();
        final AtomicReference<BackendException> sessions = new AtomicReference<>();
        final AtomicReference<BackendException> describe = new AtomicReference<>();

        Misbehaving(InstanceBackend real) {
            super(real);
        }

        @Override
        public Map<Long, Session> processList(Shard shard, TimeBudget budget) throws BackendException {
            Throwable fault = processList.get();
            if (fault instanceof Error) {
                throw (Error) fault;
            }
            return real.processList(shard, budget);
        }

        @Override
        public List<Session> sessions(Shard shard) throws BackendException {
            if (sessions.get() != null) {
                throw sessions.get();
            }
            return real.sessions(shard);
        }

        @Override
        public List<Instance> describe() throws BackendException {
            if (describe.get() != null) {
                throw describe.get();
            }
            return real.describe();
        }
    }

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger apiLogger = (Logger) LoggerFactory.getLogger("com.sessionconsole.api");
    private ExecutorService lanes;
    private Misbehaving backend;
    private KillSessionService misbehaving;
    private ApiServer other;

    @BeforeEach
    void startMisbehaving() throws Exception {
        log.start();
        apiLogger.addAppender(log);
        lanes = Executors.newCachedThreadPool();
        misbehaving = KillSessionService.open(fleet.inventory(), dataDir.resolve("faults"), ServiceOptions.DEFAULT,
                (config, connections) -> config.id().equals(INSTANCE_A)
                        ? backend = new Misbehaving(new MysqlInstanceBackend(config, MysqlTimeouts.DEFAULT, lanes, connections))
                        : new MysqlInstanceBackend(config, MysqlTimeouts.DEFAULT, lanes, connections));
        other = ApiServer.start(misbehaving, keys(), ApiServerOptions.defaults(new InetSocketAddress("127.0.0.1", 0)));
        endpoint = "127.0.0.1:" + other.address().getPort();
    }

    @AfterEach
    void stopMisbehaving() {
        other.stop();
        misbehaving.close();
        lanes.shutdownNow();
        apiLogger.detachAppender(log);
    }

    @Test
    void anErrorThrownUnderARequestIsAnsweredAsInternalErrorAndLogged() throws Exception {
        backend.processList.set(new OutOfMemoryError("simulated: Java heap space in " + SECRET_PATH));
        String kill = "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\"" + SHARD_A1 + "\",\"SessionId\":[987654]}";

        var internal = failure(killer(), "KillSession", kill);

        assertThat(internal.getErrorCode()).isEqualTo("InternalError");
        assertThat(internal.getRequestId()).hasSize(36);
        assertThat(internal.getMessage()).contains("RequestId " + internal.getRequestId())
                .doesNotContain("OutOfMemoryError", "heap", "/etc/");
        assertThat(log.list).anyMatch(event -> event.getFormattedMessage().contains(internal.getRequestId())
                && event.getThrowableProxy() != null
                && event.getThrowableProxy().getClassName().equals(OutOfMemoryError.class.getName()));
        // The worker that met the Error serves the next request.
        backend.processList.set(null);
        assertThat(call(killer(), "KillSession", kill).path("TaskId").asLong()).isPositive();
    }

    @Test
    void localPathsInAnyActionsErrorAreMasked() throws Exception {
        backend.sessions.set(new BackendException(SHARD_A1 + " unreachable: cannot read " + SECRET_PATH, null));
        var listing = failure(killer(), "DescribeProcessList", "{\"InstanceId\":\"" + INSTANCE_A + "\",\"ShardId\":\""
                + SHARD_A1 + "\"}");
        assertThat(listing.getErrorCode()).isEqualTo("InternalError.OperateDatabaseFailed");
        assertThat(listing.getMessage()).contains("cannot read <path>").doesNotContain("/etc/");

        backend.describe.set(new BackendException(INSTANCE_A + " unreachable: cannot read " + SECRET_PATH, null));
        JsonNode instances = call(killer(), "DescribeDCDBInstances", "{}");
        assertThat(instances.toString()).contains("cannot read <path>").doesNotContain("/etc/");
        var shards = failure(killer(), "DescribeDCDBShards", "{\"InstanceId\":\"" + INSTANCE_A + "\"}");
        assertThat(shards.getMessage()).contains("cannot read <path>").doesNotContain("/etc/");
        var nodes = failure(killer(), "DescribeDCDBInstanceNodeInfo", "{\"InstanceId\":\"" + INSTANCE_A + "\"}");
        assertThat(nodes.getMessage()).doesNotContain("/etc/");
    }
}
