package com.sessionconsole.api;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngineResult;

/**
 * The bound on the time to receive one request, which an idle timeout alone does not give: a client that sends a
 * byte every few seconds is never idle, and could hold its connection for hours through 8 KiB of headers. Once
 * a second this looks at every connection, and closes one whose request began (its first byte) longer ago than
 * the bound and is still not in, headers or body, or, on TLS, whose handshake is not done that long after it
 * connected. A request that is in and being answered is not affected, however long it runs.
 * <p>
 * Jetty has no public view of a connection's parser, so this reads {@link HttpConnection#getParser()} from
 * Jetty's internal package: checked by the tests that drip requests in.
 */
final class RequestDeadline implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    private final AbstractConnector connector;
    private final Scheduler scheduler;
    private final long limitNanos;
    private final long periodMillis;
    private volatile boolean stopped;

    RequestDeadline(AbstractConnector connector, Scheduler scheduler, Duration limit) {
        this.connector = connector;
        this.scheduler = scheduler;
        this.limitNanos = limit.toNanos();
        this.periodMillis = Math.max(10, Math.min(1000, limit.toMillis() / 4));
    }

    void start() {
        scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        if (stopped) {
            return;
        }
        try {
            long now = System.nanoTime();
            long nowMillis = System.currentTimeMillis();
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (late(endPoint, now, nowMillis)) {
                    LOG.debug("closing {}: its request did not arrive within {} ms", endPoint, limitNanos / 1_000_000);
                    endPoint.close(new TimeoutException("request not received in time"));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("checking connections for slow requests failed", e);
        } finally {
            if (!stopped) {
                scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private boolean late(EndPoint endPoint, long now, long nowMillis) {
        Connection connection = endPoint.getConnection();
        if (connection instanceof SslConnection) {
            SslConnection tls = (SslConnection) connection;
            if (tls.getSSLEngine().getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                return (nowMillis - endPoint.getCreatedTimeStamp()) * 1_000_000 > limitNanos;
            }
            connection = tls.getSslEndPoint().getConnection();
        }
        if (!(connection instanceof HttpConnection)) {
            return false;
        }
        HttpParser parser = ((HttpConnection) connection).getParser();
        HttpParser.State state = parser.getState();
        boolean receiving = state != HttpParser.State.START && state.ordinal() < HttpParser.State.END.ordinal();
        return receiving && now - parser.getBeginNanoTime() > limitNanos;
    }
}
