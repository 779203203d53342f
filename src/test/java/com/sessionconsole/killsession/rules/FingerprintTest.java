package com.sessionconsole.killsession.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class FingerprintTest {

    @Test
    void literalsOfEveryKindFoldToOneFingerprint() {
        String expected = "select * from orders where id = ? and code = ? and flags = ? and note = ? and ok = ?"
                + " and region in(?+)";
        assertThat(Fingerprint.of("SELECT * FROM orders WHERE id = 42 AND code = 'AB-7' AND flags = 0x1F"
                + " AND note = \"it's\" AND ok = TRUE AND region IN (1, 2, 3)")).isEqualTo(expected);
        assertThat(Fingerprint.of("select *   from ORDERS\n where id = -7.5e3 and code = 'x''y\\'z' and flags = X'FF'"
                + " and note = NULL and ok = false and region in ('a')")).isEqualTo(expected);
        assertThat(Fingerprint.of("SELECT * FROM orders WHERE id = .5 AND code = _utf8mb4'k' AND flags = b'101'"
                + " AND note = N'n' AND ok = 0b11 AND region IN (?, ?)")).isEqualTo(expected);
    }

    @Test
    void listsLimitsCommentsAndOrderFold() {
        assertThat(Fingerprint.of("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')"))
                .isEqualTo(Fingerprint.of("insert into t (a, b) values (9, 'q')"))
                .isEqualTo("insert into t (a, b) values(?+)");
        assertThat(Fingerprint.of("SELECT a FROM t /* from the app */ ORDER BY a ASC LIMIT 10, 20 -- page 3"))
                .isEqualTo(Fingerprint.of("select a from t order by a limit 5"))
                .isEqualTo("select a from t order by a limit ?");
        assertThat(Fingerprint.of("SELECT /*!40001 SQL_NO_CACHE */ * FROM `orders`")).isEqualTo("mysqldump");
        assertThat(Fingerprint.of("CALL refresh_totals(1, 2)")).isEqualTo("call refresh_totals");
        assertThat(Fingerprint.of("use billing")).isEqualTo("use ?");
        assertThat(Fingerprint.of("select a - 1 from t")).isEqualTo("select a - ? from t");
    }

    @Test
    void differentStatementsKeepDifferentFingerprints() {
        assertThat(Fingerprint.of("SELECT * FROM orders_2024 WHERE id = 1"))
                .isNotEqualTo(Fingerprint.of("SELECT * FROM orders_2025 WHERE id = 1"))
                .isNotEqualTo(Fingerprint.of("SELECT * FROM orders_2024 WHERE customer = 1"));
        assertThat(Fingerprint.of("DELETE FROM t WHERE id IN (SELECT id FROM u)"))
                .isEqualTo("delete from t where id in (select id from u)");
        assertThat(Fingerprint.of("UPDATE t SET a = 1")).isNotEqualTo(Fingerprint.of("UPDATE t SET b = 1"));
    }

    @Test
    void aHugeOrOddStatementTakesLinearTime() {
        String huge = "SELECT '" + "x".repeat(2_000_000) + "' FROM t WHERE a IN (" + "1,".repeat(200_000) + "1)";
        String digits = "SELECT " + "1".repeat(60_000) + "x FROM t";
        assertThatCode(() -> {
            Fingerprint.of(huge);
            Fingerprint.of(digits);
            Fingerprint.of("SELECT 'unterminated");
            Fingerprint.of("/* open comment");
        }).doesNotThrowAnyException();
        long start = System.nanoTime();
        Fingerprint.of(digits);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
