package com.sessionconsole.mysql;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.KillOrder;
import com.sessionconsole.fleet.Outcome;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a KILL's error is read: which outcome, and which statement of a round trip it belongs to. */
class KillErrorsTest {
    private static final List<KillOrder> ORDERS = List.of(new KillOrder(11, KillMode.CONNECTION, null),
            new KillOrder(12, KillMode.CONNECTION, null), new KillOrder(13, KillMode.QUERY, 4401L));

    @Test
    void errorNumbersMapToOutcomes() {
        assertThat(KillErrors.classify(new SQLException("Unknown thread id: 5", "HY000", 1094)))
                .isEqualTo(Outcome.ALREADY_GONE);
        assertThat(KillErrors.classify(new SQLException("Unknown query id: 5", "HY000", 1957)))
                .isEqualTo(Outcome.ALREADY_GONE);
        assertThat(KillErrors.classify(new SQLException("You are not owner of thread 5", "HY000", 1095)))
                .isEqualTo(Outcome.DENIED);
        assertThat(KillErrors.classify(new SQLException("Lost connection", "08S01", 2013)))
                .isEqualTo(Outcome.FAILED);
    }

    @Test
    void theIdInTheMessageNamesTheFailedStatement() {
        assertThat(KillErrors.failedIndex(ORDERS, new SQLException("Unknown thread id: 12", "HY000", 1094)))
                .isEqualTo(1);
        assertThat(KillErrors.failedIndex(ORDERS, new SQLException("You are not owner of thread 11",
                "HY000", 1095))).isZero();
        assertThat(KillErrors.failedIndex(ORDERS, new SQLException("Unknown query id: 4401", "HY000", 1957)))
                .isEqualTo(2);
    }

    @Test
    void anythingElseIsNotGuessed() {
        assertThat(KillErrors.failedIndex(ORDERS, new SQLException("Unknown thread id: 99", "HY000", 1094)))
                .isEqualTo(-1);
        assertThat(KillErrors.failedIndex(ORDERS, new SQLException("Lost connection", "08S01", 2013)))
                .isEqualTo(-1);
    }
}
