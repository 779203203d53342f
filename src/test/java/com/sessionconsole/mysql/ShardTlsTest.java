package com.sessionconsole.mysql;

import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.fleet.inventory.TlsMode;
import com.sessionconsole.testfleet.TestFleet;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/** A shard's {@code tls} setting decides whether its connections are encrypted, on a server that offers TLS. */
class ShardTlsTest {

    private static ShardConfig shard() {
        return TestFleet.get().inventory().instances().stream().map(InstanceConfig::shards)
                .flatMap(java.util.List::stream).filter(s -> s.shardId().equals(TestFleet.SHARD_A1))
                .findFirst().orElseThrow();
    }

    /** The cipher of a new connection made for {@code shard}: empty when the connection is in clear. */
    private static String cipher(ShardConfig shard) throws Exception {
        ShardConnector connector = new ShardConnector(shard, MysqlTimeouts.DEFAULT, new Semaphore(1));
        try (Connection connection = connector.connect(); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(2);
        }
    }

    @Test
    void theDefaultUsesTheTlsTheServerOffers() throws Exception {
        assertThat(shard().tls()).isEqualTo(TlsMode.PREFERRED);
        assertThat(cipher(shard())).isNotEmpty();
    }

    @Test
    void requiredEncryptsAndDisabledSpeaksInClear() throws Exception {
        assertThat(cipher(shard().withTls(TlsMode.REQUIRED))).isNotEmpty();
        assertThat(cipher(shard().withTls(TlsMode.DISABLED))).isEmpty();
    }
}
