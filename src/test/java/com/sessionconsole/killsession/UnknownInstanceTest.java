package com.sessionconsole.killsession;

import com.sessionconsole.fleet.Instance;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A kill that names an instance no entry holds asks the discovering entries (cloud accounts); while their
 * discovery fails, a stream of such kills does not call the cloud API once each.
 */
class UnknownInstanceTest {
    private static final Caller OPERATOR = Caller.operator("ops");

    @TempDir
    Path dataDir;

    /** An account whose discovery fails, or finds one instance, as told; counts the discoveries. */
    private static final class Account extends EmptyBackend {
        final AtomicInteger discoveries = new AtomicInteger();
        volatile boolean failing = true;
        /** The cause of the failure: a TimeoutException is a caller that stopped waiting for a discovery. */
        volatile Throwable cause;

        @Override
        public boolean discovers() {
            return true;
        }

        @Override
        public List<Instance> describe() throws BackendException {
            discoveries.incrementAndGet();
            if (failing) {
                throw new BackendException("DescribeDCDBInstances: the cloud API did not answer", cause);
            }
            return List.of(new Instance("tdsqlshard-found", "found", InstanceKind.DCDB, "running", "ap-guangzhou",
                    List.of(new Shard("tdsqlshard-found", "shard-found1", "set_1_1", "", "running"))));
        }
    }

    private KillSessionService open(Account account) throws Exception {
        Inventory inventory = new Inventory(dataDir.resolve("inventory.yaml"), List.of(new InstanceConfig(
                "tdsqlshard-acct", "account", InstanceKind.MYSQL, "", List.of(new ShardConfig("shard-a1", "set_1_1",
                "127.0.0.1", 3306, "console", Secret.NONE)), null)), List.of());
        return KillSessionService.open(inventory, dataDir, ServiceOptions.DEFAULT, (config, connections) -> account);
    }

    private static KillSessionException killOn(KillSessionService service, String instanceId) {
        return catchThrowableOfType(() -> service.kill(KillRequest.of(instanceId, "shard-x", List.of(1L),
                KillMode.CONNECTION), OPERATOR), KillSessionException.class);
    }

    @Test
    void aFailedDiscoveryIsNotRepeatedForEveryUnknownInstance() throws Exception {
        Account account = new Account();
        try (KillSessionService service = open(account)) {
            for (int i = 0; i < 5; i++) {
                String unknown = "tdsqlshard-nope" + i;
                KillSessionException e = catchThrowableOfType(() -> service.kill(KillRequest.of(unknown,
                        "shard-x", List.of(1L), KillMode.CONNECTION), OPERATOR), KillSessionException.class);
                assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILED);
                assertThat(e.getMessage()).contains("is not known yet", "the cloud API did not answer");
            }
            assertThat(account.discoveries).hasValue(1);

            // Once the API answers again (after the pause), an instance it finds is killed on, an unknown one is not found.
            account.failing = false;
            Thread.sleep(FleetBackends.FAILED_DISCOVERY_MILLIS + 100);
            KillTask task = service.kill(KillRequest.of("tdsqlshard-found", "shard-found1", List.of(1L),
                    KillMode.CONNECTION), OPERATOR);
            assertThat(task.instanceId()).isEqualTo("tdsqlshard-found");
            assertThat(account.discoveries.get()).isGreaterThan(1); // asked again after the pause
            assertThat(killOn(service, "tdsqlshard-nope").code()).isEqualTo(ErrorCode.INSTANCE_NOT_FOUND);
        }
    }

    @Test
    void aCallerThatStoppedWaitingForADiscoveryIsNotRememberedAsItsFailure() throws Exception {
        Account account = new Account();
        account.cause = new TimeoutException();
        try (KillSessionService service = open(account)) {
            for (int i = 0; i < 3; i++) {
                assertThat(killOn(service, "tdsqlshard-nope").code()).isEqualTo(ErrorCode.BACKEND_FAILED);
            }
            assertThat(account.discoveries).hasValue(3);
        }
    }

    @Test
    void aRefreshThatDiscoversEndsTheMemoryOfAFailure() throws Exception {
        Account account = new Account();
        try (KillSessionService service = open(account)) {
            assertThat(killOn(service, "tdsqlshard-nope").code()).isEqualTo(ErrorCode.BACKEND_FAILED);
            account.failing = false;
            service.listSessions(Scope.FLEET, OPERATOR);
            assertThat(killOn(service, "tdsqlshard-nope").code()).isEqualTo(ErrorCode.INSTANCE_NOT_FOUND);
        }
    }
}
