package com.sessionconsole.mysql;

import com.sessionconsole.fleet.LockWait;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The metadata-lock matrices, on the locks a server lists in the situations DBAs meet. */
class MetadataLocksTest {

    private static MetadataLocks.Held table(long session, String type, boolean granted) {
        return new MetadataLocks.Held(session, "TABLE", "app", "orders", type, granted);
    }

    @Test
    void selectsQueueBehindAPendingAlterWhichWaitsForTheOpenTransaction() {
        List<MetadataLocks.Held> locks = List.of(
                table(1, "SHARED_READ", true),                 // an open transaction that read the table
                table(2, "SHARED_UPGRADABLE", true),           // ALTER TABLE: holds SU ...
                table(2, "EXCLUSIVE", false),                  // ... and waits to upgrade to X
                new MetadataLocks.Held(2, "SCHEMA", "app", "", "INTENTION_EXCLUSIVE", true),
                table(3, "SHARED_READ", false),                // SELECTs behind the ALTER
                table(4, "SHARED_READ", false));

        List<LockWait> waits = MetadataLocks.waits(locks, Map.of(2L, 40L, 3L, 12L));

        assertThat(waits).extracting(LockWait::waiterId, LockWait::blockerId)
                .containsExactlyInAnyOrder(tuple(2L, 1L),
                        tuple(3L, 2L), tuple(4L, 2L));
        LockWait alter = waits.stream().filter(w -> w.waiterId() == 2).findFirst().orElseThrow();
        assertThat(alter.describe()).isEqualTo("metadata lock EXCLUSIVE on table app.orders");
        assertThat(alter.waitSeconds()).isEqualTo(40L);
    }

    @Test
    void writersPassReadersButNotALockTables() {
        MetadataLocks.Held write = table(2, "SHARED_WRITE", false);

        assertThat(MetadataLocks.waitsFor(write, table(1, "SHARED_READ", true))).isFalse();
        assertThat(MetadataLocks.waitsFor(write, table(1, "SHARED_READ_ONLY", true))).isTrue();  // LOCK TABLES ... READ
        assertThat(MetadataLocks.waitsFor(write, table(1, "SHARED_NO_READ_WRITE", true))).isTrue();
        assertThat(MetadataLocks.waitsFor(table(2, "SHARED_UPGRADABLE", false), table(1, "SHARED_UPGRADABLE", true)))
                .isTrue(); // two ALTERs of one table
        assertThat(MetadataLocks.waitsFor(table(2, "EXCLUSIVE", false), table(1, "SHARED_READ", false))).isFalse();
    }

    @Test
    void scopedLocksFollowTheirOwnMatrix() {
        MetadataLocks.Held ddl = new MetadataLocks.Held(2, "GLOBAL", "", "", "INTENTION_EXCLUSIVE", false);
        MetadataLocks.Held readLock = new MetadataLocks.Held(1, "GLOBAL", "", "", "SHARED", true);

        assertThat(MetadataLocks.waitsFor(ddl, readLock)).isTrue();
        assertThat(MetadataLocks.waitsFor(ddl, new MetadataLocks.Held(1, "GLOBAL", "", "", "INTENTION_EXCLUSIVE",
                true))).isFalse();
        assertThat(ddl.object()).isEqualTo("global");
    }

    @Test
    void locksOfANamespaceWithoutAMatrixShareOnlyWithTheirOwnType() {
        MetadataLocks.Held dml = new MetadataLocks.Held(2, "BACKUP", "", "", "BACKUP_DML", false);

        assertThat(MetadataLocks.waitsFor(dml, new MetadataLocks.Held(1, "BACKUP", "", "", "BACKUP_FTWRL1", true)))
                .isTrue();
        assertThat(MetadataLocks.waitsFor(dml, new MetadataLocks.Held(1, "BACKUP", "", "", "BACKUP_DML", true)))
                .isFalse();
    }

    @Test
    void theMetadataLockInfoPluginNamesTheHoldersAnAlterWaitsFor() {
        List<MetadataLocks.Held> granted = List.of(table(1, "SHARED_READ", true), table(2, "SHARED_UPGRADABLE", true),
                table(5, "SHARED_READ", true), new MetadataLocks.Held(1, "TABLE", "app", "other", "SHARED_READ", true));

        List<LockWait> waits = MetadataLocks.upgradeWaits(granted, Set.of(2L, 3L), Map.of(2L, 9L));

        assertThat(waits).extracting(LockWait::waiterId).containsOnly(2L);
        assertThat(waits).extracting(LockWait::blockerId).containsExactly(1L, 5L);
        assertThat(waits.get(0).mode()).isEqualTo("EXCLUSIVE");
    }

    @Test
    void theProcessListStatesOfMetadataLockWaiters() {
        assertThat(LockGraphReader.waitsForMetadataLock("Waiting for table metadata lock")).isTrue();
        assertThat(LockGraphReader.waitsForMetadataLock("Waiting for global read lock")).isTrue();
        assertThat(LockGraphReader.waitsForMetadataLock("Waiting for backup lock")).isTrue();
        assertThat(LockGraphReader.waitsForMetadataLock("Waiting for table level lock")).isFalse();
        assertThat(LockGraphReader.waitsForMetadataLock("User sleep")).isFalse();
        assertThat(LockGraphReader.waitsForMetadataLock(null)).isFalse();
    }
}
