package com.sessionconsole.auditdb;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.fleet.inventory.AuditDatabase;
import com.sessionconsole.killsession.audit.Refusal;
import com.sessionconsole.killsession.audit.TaskIntent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit store's contract, kept by a MariaDB database shared by several stores (consoles, replicas). */
class DatabaseAuditStoreTest {
    private static AuditDatabaseFixture server;

    @BeforeAll
    static void startServer() throws Exception {
        server = AuditDatabaseFixture.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static TaskIntent intent(String actor, long sessionId) {
        return new TaskIntent(Instant.now(), actor, "tdsqlshard-x", "shard-x1", "set_x_1", KillMode.CONNECTION,
                List.of(sessionId));
    }

    private static KillTask killed(KillTask task) {
        return task.finish(Instant.now(), TaskStatus.SUCCESS, "", List.of(new SessionOutcome(task.sessionIds().get(0),
                Outcome.KILLED, "")));
    }

    @Test
    void theConsoleMakesItsTablesAndTwoStoresShareOneIncreasingSequenceOfTaskIds() throws Exception {
        AuditDatabase database = server.newDatabase(true);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (DatabaseAuditStore window = DatabaseAuditStore.open(database, 1_000);
             DatabaseAuditStore replica = DatabaseAuditStore.open(database, 1_000)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                DatabaseAuditStore store = t % 2 == 0 ? window : replica;
                int writer = t;
                done.add(pool.submit(() -> {
                    long last = 0;
                    for (int i = 0; i < 25; i++) {
                        KillTask task = i % 3 == 0
                                ? store.settled(intent("w" + writer, i), running -> killed(running))
                                : store.begin(intent("w" + writer, i));
                        assertThat(task.taskId()).as("TaskIds increase for one writer").isGreaterThan(last);
                        last = task.taskId();
                        ids.add(task.taskId());
                        if (task.status() == TaskStatus.RUNNING) {
                            store.finish(killed(task));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            assertThat(ids).hasSize(200);
            List<KillTask> seenByWindow = window.tasks();
            assertThat(seenByWindow).hasSize(200).allMatch(task -> task.status() == TaskStatus.SUCCESS);
            assertThat(replica.tasks()).containsExactlyElementsOf(seenByWindow);
            long any = ids.iterator().next();
            assertThat(replica.task(any)).isEqualTo(window.task(any));
        } finally {
            pool.shutdownNow();
        }
        try (DatabaseAuditStore reopened = DatabaseAuditStore.open(database, 10)) {
            assertThat(reopened.tasks()).hasSize(10);
            assertThat(reopened.begin(intent("later", 9)).taskId()).isEqualTo(ids.stream().max(Long::compare).orElseThrow() + 1);
        }
        assertThat(server.adminQuery(database.database(), "SELECT MAX(version) FROM sc_schema_version"))
                .isEqualTo(Integer.toString(AuditSchema.VERSION));
    }

    @Test
    void aStoreMadeByAnOlderConsoleIsMigratedAndKeepsItsTasks() throws Exception {
        AuditDatabase database = server.newDatabase(true);
        // What a version-1 console left: its tables, one task, and the version it recorded.
        for (String statement : AuditSchema.script(1)) {
            server.admin(database.database(), statement);
        }
        server.admin(database.database(), "CREATE TABLE sc_schema_version (version INT NOT NULL PRIMARY KEY,"
                + " applied_ms BIGINT NOT NULL) ENGINE=InnoDB");
        server.admin(database.database(), "INSERT INTO sc_schema_version VALUES (1, 0)");
        long old;
        try (DatabaseAuditStore store = DatabaseAuditStore.open(database, 10)) {
            old = store.begin(intent("v1", 1)).taskId();
            byte[] key = new byte[16];
            key[0] = 7;
            assertThat(store.requestLedger().orElseThrow().claim(key, 1_000_000, Long.MAX_VALUE / 2)).isEqualTo(-1);
            assertThat(store.requestLedger().orElseThrow().claim(key, 1_000_500, Long.MAX_VALUE / 2))
                    .as("the same key again: when it was first claimed").isEqualTo(1_000_000);
        }
        assertThat(server.adminQuery(database.database(), "SELECT GROUP_CONCAT(version ORDER BY version) FROM"
                + " sc_schema_version")).isEqualTo("1,2");
        try (DatabaseAuditStore reopened = DatabaseAuditStore.open(database, 10)) {
            assertThat(reopened.task(old)).isPresent();
        }
    }

    @Test
    void aTaskOfAProcessWhoseHeartbeatStoppedReadsInterruptedWithItsSessionsUnknown() throws Exception {
        AuditDatabase database = server.newDatabase(true);
        try (DatabaseAuditStore store = DatabaseAuditStore.open(database, 100)) {
            KillTask mine = store.begin(intent("mine", 1));
            server.admin(database.database(), "INSERT INTO sc_task (task_id, requested_ms, actor, instance_id, mode,"
                    + " session_ids, process_id, status) VALUES (" + (mine.taskId() + 1) + ", 0, 'cli:gone',"
                    + " 'tdsqlshard-x', 'CONNECTION', '[41,42]', 'otherhost/4242@1', 2)");
            KillTask gone = store.task(mine.taskId() + 1).orElseThrow();
            assertThat(gone.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(gone.detail()).startsWith("interrupted");
            assertThat(gone.outcomes()).extracting(SessionOutcome::outcome).containsExactly(Outcome.UNKNOWN,
                    Outcome.UNKNOWN);
            assertThat(gone.outcomes().get(0).message()).contains("otherhost/4242@1");
            assertThat(store.task(mine.taskId()).orElseThrow().status()).as("this process's own").isEqualTo(
                    TaskStatus.RUNNING);
        }
    }

    @Test
    void anAccountWithoutTheRightsGetsAClearError() throws Exception {
        AuditDatabase readOnly = server.newDatabase(false);
        assertThatThrownBy(() -> DatabaseAuditStore.open(readOnly, 10))
                .hasMessageContaining(readOnly.database())
                .hasMessageContaining("grant it SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER and INDEX");
    }

    @Test
    void refusalsAreCountedNotWrittenInFullAndNoSecretIsStored() throws Exception {
        AuditDatabase database = server.newDatabase(true);
        try (DatabaseAuditStore store = DatabaseAuditStore.open(database, 10)) {
            for (int i = 0; i < 500; i++) {
                store.refused(Refusal.of(Instant.now(), "api:AKIDreader", "x".repeat(60_000), null, null,
                        KillMode.CONNECTION, List.of(5L), "UnauthorizedOperation.PermissionDenied", "read-only"));
            }
        }
        assertThat(server.adminQuery(database.database(), "SELECT COUNT(*) FROM sc_refusal")).isEqualTo("2");
        assertThat(server.adminQuery(database.database(), "SELECT MAX(repeats) FROM sc_refusal")).isEqualTo("499");
        assertThat(server.adminQuery(database.database(), "SELECT MAX(LENGTH(instance_id)) FROM sc_refusal"))
                .isEqualTo(String.valueOf(64 + "...(60000 characters)".length()));
        String everything = server.adminQuery(database.database(), "SELECT GROUP_CONCAT(CONCAT_WS('|', actor,"
                + " instance_id, message)) FROM sc_refusal");
        assertThat(everything).doesNotContain(AuditDatabaseFixture.PASSWORD_FOR_TESTS);
    }
}
