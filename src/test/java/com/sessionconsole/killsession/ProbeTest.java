package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.fleet.Shard;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.testfleet.EmptyBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Test connection": a failure without a message still reads as a failure, an internal error named by its class
 * (which the API masks; the window shows it). No server.
 */
class ProbeTest {
    private static final InstanceConfig CONFIG = new InstanceConfig("tdsqlshard-p", "probe", InstanceKind.MYSQL, "local",
            List.of(new ShardConfig("shard-p1", "set_1_1", "127.0.0.1", 3306, "console", Secret.NONE)), null);
    private static final Shard SHARD = new Shard("tdsqlshard-p", "shard-p1", "set_1_1", "127.0.0.1:3306", "running");

    @TempDir
    Path dataDir;

    /** Describes one shard (or fails describing), then fails listing it; every failure has no message. */
    private static final class Failing extends EmptyBackend {
        private final boolean failDescribe;

        Failing(boolean failDescribe) {
            this.failDescribe = failDescribe;
        }

        @Override
        public List<Instance> describe() {
            if (failDescribe) {
                throw new IllegalStateException();
            }
            return List.of(new Instance("tdsqlshard-p", "probe", InstanceKind.MYSQL, "running", "local", List.of(SHARD)));
        }

        @Override
        public List<Session> sessions(Shard shard) throws BackendException {
            throw new BackendException(null, null);
        }
    }

    @Test
    void aFailureWithoutAMessageIsNotOkAndNamesTheExceptionClass() throws Exception {
        try (KillSessionService service = KillSessionService.open(Inventory.empty(dataDir.resolve("inventory.yaml")),
                dataDir, ServiceOptions.DEFAULT, (config, connections) -> new Failing(false))) {
            List<ProbeResult> results = service.probe(CONFIG);
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.target()).isEqualTo("shard-p1");
                assertThat(r.ok()).isFalse();
                assertThat(r.error()).isEqualTo("internal error: " + BackendException.class.getName());
            });
        }
        try (KillSessionService service = KillSessionService.open(Inventory.empty(dataDir.resolve("inventory.yaml")),
                dataDir, ServiceOptions.DEFAULT, (config, connections) -> new Failing(true))) {
            assertThat(service.probe(CONFIG)).singleElement().satisfies(r -> {
                assertThat(r.ok()).isFalse();
                assertThat(r.error()).isEqualTo("internal error: " + IllegalStateException.class.getName());
            });
        }
    }
}
