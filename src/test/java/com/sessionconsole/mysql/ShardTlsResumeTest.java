package com.sessionconsole.mysql;

import com.mysql.cj.conf.PropertyDefinitions.SslMode;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcPropertySetImpl;
import com.sessionconsole.demo.EmbeddedFleet;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.fleet.inventory.TlsMode;
import com.sessionconsole.testfleet.TestFleet;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's TLS connections resume their session with a server they spoke to before, on real MariaDB
 * servers: the default one, and one that accepts TLS 1.3 only.
 */
class ShardTlsResumeTest {

    private static ShardConfig shardA1() {
        return TestFleet.get().inventory().instances().stream().map(InstanceConfig::shards)
                .flatMap(List::stream).filter(s -> s.shardId().equals(TestFleet.SHARD_A1)).findFirst().orElseThrow();
    }

    /** {Ssl_version, Ssl_cipher} of a new connection made for {@code shard}. */
    private static String[] tls(ShardConnector connector) throws Exception {
        try (Connection connection = connector.connect(); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE"
                     + " VARIABLE_NAME IN ('SSL_VERSION', 'SSL_CIPHER') ORDER BY VARIABLE_NAME DESC")) {
            assertThat(rs.next()).isTrue();
            String version = rs.getString(1);
            assertThat(rs.next()).isTrue();
            return new String[] {version, rs.getString(1)};
        }
    }

    @Test
    void laterConnectionsToAServerResumeItsSession() throws Exception {
        for (TlsMode mode : List.of(TlsMode.PREFERRED, TlsMode.REQUIRED)) {
            ShardConnector connector = new ShardConnector(shardA1().withTls(mode), MysqlTimeouts.DEFAULT,
                    new Semaphore(1));
            String[] first = tls(connector);
            assertThat(first[0]).isEqualTo("TLSv1.2");
            assertThat(ResumingSocketFactory.forwardSecretAead("TLS_" + first[1])
                    || first[1].matches("(ECDHE|DHE)-(RSA|ECDSA)-(AES\\d+-GCM-SHA\\d+|CHACHA20-POLY1305)"))
                    .as("cipher %s", first[1]).isTrue();
            long[] before = ResumingSocketFactory.handshakes();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(5); // a resumed session is told by its creation time, in milliseconds
                assertThat(tls(connector)[0]).isEqualTo("TLSv1.2");
            }
            long[] after = ResumingSocketFactory.handshakes();
            assertThat(after[1] - before[1]).as("resumed handshakes with tls: %s", mode).isEqualTo(5);
            assertThat(after[0] - before[0]).as("full handshakes with tls: %s", mode).isZero();
        }
    }

    @Test
    void aServerThatRefusesTls12IsAskedWithTls13WithoutAnError() throws Exception {
        try (EmbeddedFleet fleet = EmbeddedFleet.start(List.of(new EmbeddedFleet.InstanceSpec("tdsqlshard-tls13",
                "tls13", 1)), 50, List.of("--tls-version=TLSv1.3"))) {
            ShardConfig shard = fleet.inventory().instances().get(0).shards().get(0);
            String server = shard.host() + ":" + shard.port();
            ShardConnector connector = new ShardConnector(shard, MysqlTimeouts.DEFAULT, new Semaphore(1));
            assertThat(ResumingSocketFactory.refusedTls12(server)).isFalse();
            assertThat(tls(connector)[0]).isEqualTo("TLSv1.3");
            assertThat(ResumingSocketFactory.refusedTls12(server)).isTrue();
            assertThat(tls(connector)[0]).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void aConnectionThatVerifiesTheServerIsLeftToTheDriver() {
        JdbcPropertySetImpl properties = new JdbcPropertySetImpl();
        properties.<SslMode>getEnumProperty(PropertyKey.sslMode).setValue(SslMode.PREFERRED);
        assertThat(ResumingSocketFactory.resumable(properties)).isTrue();
        properties.<SslMode>getEnumProperty(PropertyKey.sslMode).setValue(SslMode.VERIFY_CA);
        assertThat(ResumingSocketFactory.resumable(properties)).isFalse();
        properties.<SslMode>getEnumProperty(PropertyKey.sslMode).setValue(SslMode.REQUIRED);
        assertThat(ResumingSocketFactory.resumable(properties)).isTrue();
        properties.getStringProperty(PropertyKey.tlsVersions).setValue("TLSv1.3");
        assertThat(ResumingSocketFactory.resumable(properties)).isFalse();
        properties.getStringProperty(PropertyKey.tlsVersions).setValue(null);
        properties.getStringProperty(PropertyKey.clientCertificateKeyStoreUrl).setValue("file:/keys.p12");
        assertThat(ResumingSocketFactory.resumable(properties)).isFalse();
    }
}
