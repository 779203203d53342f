package com.sessionconsole.mysql;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.conf.PropertyDefinitions.SslMode;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.ServerSession;
import com.mysql.cj.protocol.SocketConnection;
import com.mysql.cj.protocol.StandardSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The driver's socket factory for shards whose {@code tls} is {@code preferred} or {@code required}: the TLS
 * handshake is made with one SSL context shared by every connection of the process, so a connection to a server
 * the console spoke TLS to before resumes that session instead of making a full handshake. The driver makes a new
 * context for each connection, so every connection paid a full one: the server's certificate signature (an
 * RSA-4096 key is what MariaDB makes itself: tens of milliseconds of the server's CPU) and the client's key
 * exchange. A cold start over a fleet whose servers each hold many shard entries, the kill lanes and the pool's
 * replacements for retired connections all open connections to servers already known.
 * <p>
 * <b>TLS 1.2 first.</b> MariaDB resumes TLS 1.2 sessions (by session id) but issues no TLS 1.3 tickets, so a TLS
 * 1.3 connection to it can never resume. These connections therefore offer TLS 1.2 with forward-secret AEAD
 * suites only (ECDHE or DHE, with AES-GCM or ChaCha20-Poly1305). A server that refuses that handshake (one set to
 * TLS 1.3 only, or without such a suite) is remembered for {@value #REMEMBER_SECONDS} s, and its connection is
 * made again at once by {@link ShardConnector} with what the driver offers (TLS 1.3 and 1.2, the JDK's suites); so
 * is every later one meanwhile. A handshake cut short for another reason (a server restarting) counts as a
 * refusal too: it costs that server its resumption for that time, never a connection.
 * <p>
 * These two modes encrypt without verifying who signed the server's certificate, as the mysql client's
 * {@code --ssl-mode=PREFERRED|REQUIRED} does; like the driver's own trust manager in these modes, a certificate
 * out of its validity dates is refused. A connection that asks for verification, a client certificate (its own
 * or the JVM's {@code javax.net.ssl.keyStore}), or its own TLS versions or suites is left to the driver's own
 * handshake, unchanged.
 */
public final class ResumingSocketFactory extends StandardSocketFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingSocketFactory.class);
    /** Sessions kept, one per server (a 1,000-shard fleet has at most 1,000), each a few KB with its certificates. */
    static final int SESSION_CACHE_SIZE = 4_096;
    /** A session older than this makes a full handshake again. */
    static final int SESSION_SECONDS = 3_600;
    /** The most servers remembered as refusing TLS 1.2; past that, the memory starts again. */
    static final int MAX_REMEMBERED = 10_000;
    /** How long a server is remembered as refusing TLS 1.2. */
    static final long REMEMBER_SECONDS = 3_600;
    private static final String[] TLS12 = {"TLSv1.2"};
    private static final List<String> DRIVER_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** host:port of the servers that refused the TLS 1.2 handshake, and until when (System.nanoTime()). */
    private static final Map<String, Long> REFUSED_TLS12 = new ConcurrentHashMap<>();
    private static final LongAdder FULL = new LongAdder();
    private static final LongAdder RESUMED = new LongAdder();

    /** The shared context, made on first use. */
    private static final class Shared {
        static final SSLContext CONTEXT = context();

        private static SSLContext context() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new Unverified()}, null);
                SSLSessionContext sessions = context.getClientSessionContext();
                sessions.setSessionCacheSize(SESSION_CACHE_SIZE);
                sessions.setSessionTimeout(SESSION_SECONDS);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no TLS context: " + e.getMessage(), e);
            }
        }
    }

    /** Thrown when a server refused the TLS 1.2 handshake: its connection is to be made again, as the driver would. */
    static final class Tls12Refused extends IOException {
        Tls12Refused(String server, IOException cause) {
            super(server + " refused a TLS 1.2 handshake (" + cause.getMessage() + "); its connections now offer"
                    + " TLS 1.3 and 1.2", cause);
        }
    }

    /** Used by the driver, which makes one factory per connection. */
    public ResumingSocketFactory() {
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Closeable> T performTlsHandshake(SocketConnection connection, ServerSession session, Log log)
            throws IOException {
        if (!resumable(connection.getPropertySet())) {
            return super.performTlsHandshake(connection, session, log);
        }
        String server = connection.getHost() + ":" + connection.getPort();
        boolean tls12 = !refusedTls12(server);
        SSLSocket socket = (SSLSocket) Shared.CONTEXT.getSocketFactory().createSocket(rawSocket,
                connection.getHost(), connection.getPort(), true);
        if (tls12) {
            socket.setEnabledProtocols(TLS12);
            socket.setEnabledCipherSuites(Arrays.stream(socket.getEnabledCipherSuites())
                    .filter(ResumingSocketFactory::forwardSecretAead).toArray(String[]::new));
        } else {
            socket.setEnabledProtocols(Arrays.stream(socket.getSupportedProtocols())
                    .filter(DRIVER_PROTOCOLS::contains).toArray(String[]::new));
        }
        long started = System.currentTimeMillis();
        try {
            socket.startHandshake();
        } catch (SSLException e) {
            try {
                socket.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            if (tls12) {
                remember(server, e);
                throw new Tls12Refused(server, e);
            }
            throw e;
        }
        // A resumed session is the one cached from an earlier handshake, made before this one began.
        (socket.getSession().getCreationTime() < started ? RESUMED : FULL).increment();
        sslSocket = socket;
        return (T) sslSocket;
    }

    private static void remember(String server, SSLException why) {
        if (REFUSED_TLS12.size() >= MAX_REMEMBERED) {
            REFUSED_TLS12.clear();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(REMEMBER_SECONDS);
        if (REFUSED_TLS12.put(server, until) == null) {
            LOG.info("{} refused a TLS 1.2 handshake ({}): its connections offer TLS 1.3 and 1.2 for the next {} min",
                    server, why.getMessage(), REMEMBER_SECONDS / 60);
        }
    }

    /** Forward secrecy and an AEAD cipher: what every TLS 1.3 suite has. */
    static boolean forwardSecretAead(String suite) {
        return (suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_"))
                && (suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305"));
    }

    /** Whether {@code error} comes of a server refusing the TLS 1.2 handshake. */
    static boolean tls12Refused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof Tls12Refused) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code server} (host:port) is remembered as refusing TLS 1.2. */
    static boolean refusedTls12(String server) {
        Long until = REFUSED_TLS12.get(server);
        if (until != null && until - System.nanoTime() <= 0) {
            REFUSED_TLS12.remove(server, until);
            return false;
        }
        return until != null;
    }

    /** Handshakes made by this process so far: {full, resumed}. */
    static long[] handshakes() {
        return new long[] {FULL.sum(), RESUMED.sum()};
    }

    /** Only the two modes that do not verify, and no client certificate or trust store of the driver's. */
    static boolean resumable(PropertySet properties) {
        SslMode mode = properties.<SslMode>getEnumProperty(PropertyKey.sslMode).getValue();
        boolean unverified = mode == SslMode.PREFERRED || mode == SslMode.REQUIRED;
        boolean systemKeyStore = System.getProperty("javax.net.ssl.keyStore") != null
                && properties.getBooleanProperty(PropertyKey.fallbackToSystemKeyStore).getValue();
        return unverified && !systemKeyStore
                && properties.getStringProperty(PropertyKey.clientCertificateKeyStoreUrl).getValue() == null
                && properties.getStringProperty(PropertyKey.trustCertificateKeyStoreUrl).getValue() == null
                && properties.getStringProperty(PropertyKey.tlsVersions).getValue() == null
                && properties.getStringProperty(PropertyKey.tlsCiphersuites).getValue() == null
                && !properties.getBooleanProperty(PropertyKey.fipsCompliantJsse).getValue();
    }

    /**
     * Accepts a server certificate whoever signed it (what {@code PREFERRED} and {@code REQUIRED} mean), within its
     * validity dates, as the driver's own trust manager does in these modes.
     */
    private static final class Unverified extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            for (X509Certificate certificate : chain) {
                certificate.checkValidity();
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        /** This context only ever makes client connections: no peer of it presents a client certificate. */
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the console's connections to shards accept no client certificate");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
