package com.sessionconsole.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.backend.InstanceBackend;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults nothing was written for: a backend that throws an Error still gets its caller an InternalError answer
 * with the RequestId under which the server logged it.
 */
class ApiFaultsTest extends ApiTestSupport {
    private static final String SECRET_PATH = "/etc/session-console/tls/ca.pem";

    /** The real backend with one call made to fail, as the test says. */
    private static final class Misbehaving extends ForwardingBackend {
        final AtomicReference<Throwable> processList = new AtomicReference<>();

        Misbehaving(InstanceBackend real) {
            super(real);
        }

        @Override
        public Map<Long, Session> processList(Shard shard) throws BackendException {
            Throwable fault = processList.get();
            if (fault instanceof Error) {
                throw (Error) fault;
            }
            return real.processList(shard);
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
                config -> config.id().equals(INSTANCE_A) ? backend = new Misbehaving(new MysqlInstanceBackend(config,
                        MysqlTimeouts.DEFAULT, lanes)) : new MysqlInstanceBackend(config, MysqlTimeouts.DEFAULT, lanes));
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
}
