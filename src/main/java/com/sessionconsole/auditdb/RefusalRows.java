package com.sessionconsole.auditdb;

import com.sessionconsole.killsession.audit.Refusal;
import com.sessionconsole.killsession.audit.RefusalRecord;
import com.sessionconsole.killsession.audit.RefusalRepeats;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** A refused request as a row of {@code sc_refusal}: in full, or a count of repeats after it. */
final class RefusalRows {
    static final String INSERT = "INSERT INTO sc_refusal (at_ms, actor, instance_id, shard_id, shard_serial_id, mode,"
            + " session_ids, session_ids_given, code, message, repeats, repeats_until_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private RefusalRows() {
    }

    static void bind(PreparedStatement insert, RefusalRecord record) throws SQLException {
        if (record instanceof Refusal) {
            Refusal refusal = (Refusal) record;
            insert.setLong(1, refusal.at().toEpochMilli());
            insert.setString(2, refusal.actor());
            insert.setString(3, refusal.instanceId());
            insert.setString(4, refusal.shardId());
            insert.setString(5, refusal.shardSerialId());
            insert.setString(6, refusal.mode().name());
            insert.setString(7, refusal.sessionIds().toString());
            insert.setInt(8, refusal.sessionIdsGiven());
            insert.setString(9, refusal.code());
            insert.setString(10, refusal.message());
            insert.setLong(11, 0);
            insert.setNull(12, Types.BIGINT);
            return;
        }
        RefusalRepeats repeats = (RefusalRepeats) record;
        insert.setLong(1, repeats.from().toEpochMilli());
        insert.setString(2, repeats.actor());
        for (int i = 3; i <= 7; i++) {
            insert.setNull(i, Types.VARCHAR);
        }
        insert.setNull(8, Types.INTEGER);
        insert.setString(9, repeats.code());
        insert.setNull(10, Types.VARCHAR);
        insert.setLong(11, repeats.count());
        insert.setLong(12, repeats.to().toEpochMilli());
    }
}
