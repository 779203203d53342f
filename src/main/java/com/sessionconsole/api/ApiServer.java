package com.sessionconsole.api;

import com.sessionconsole.killsession.KillSessionService;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * {@code session-console serve}: the KillSession service over HTTP (or HTTPS) with the dcdb 2018-04-11 contract,
 * on embedded Jetty. Jetty's few I/O threads read every connection without blocking, so slow or idle clients
 * hold sockets, never threads; the connections are capped and must send each request within a deadline
 * ({@link ConnectionLimits}). Requests run on a bounded pool of workers ({@link Admission}); when it is full a
 * request is answered RequestLimitExceeded at once. {@code GET /healthz} answers "ok" without authentication.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Jetty's own threads: they parse, admit and write, and never wait on a shard, so a few suffice. */
    private static final int IO_THREADS = 12;
    /** Connections that may wait in the kernel's accept queue while the server is at its cap or busy. */
    private static final int ACCEPT_QUEUE = 1024;

    private final Server server;
    private final ServerConnector connector;
    private final ApiHandler handler;
    private final Admission admission;
    private final RequestDeadline deadline;
    private final InetSocketAddress address;
    private final Duration stopGrace;
    private boolean stopped;

    private ApiServer(Server server, ServerConnector connector, ApiHandler handler, Admission admission,
                      RequestDeadline deadline, InetSocketAddress address, Duration stopGrace) {
        this.server = server;
        this.connector = connector;
        this.handler = handler;
        this.admission = admission;
        this.deadline = deadline;
        this.address = address;
        this.stopGrace = stopGrace;
    }

    /** Binds and starts serving; the service stays owned by the caller. */
    public static ApiServer start(KillSessionService service, ApiKeys keys, ApiServerOptions options) throws IOException {
        ConnectionLimits limits = options.connections();
        int maxConnections = limits.affordableConnections();
        if (maxConnections < limits.maxConnections()) {
            LOG.warn("at most {} connections instead of {}: the open-file limit is {}", maxConnections,
                    limits.maxConnections(), ConnectionLimits.openFileLimit());
        }
        // Its queue is Jetty's default, unbounded, as Jetty wants (a task it cannot queue is a connection left
        // hanging): each connection has at most a few tasks queued at once, so the connection cap bounds it.
        QueuedThreadPool io = new QueuedThreadPool(IO_THREADS, 2);
        io.setName("api-io");
        io.setDaemon(true);
        Server server = new Server(io);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        ServerConnector connector = options.tls() == null ? new ServerConnector(server, 1, 1, http11)
                : new ServerConnector(server, 1, 1, new SslConnectionFactory(tls(options.tls()),
                http11.getProtocol()), http11);
        connector.setHost(options.listen().getHostString());
        connector.setPort(options.listen().getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(maxConnections, connector));
        Admission admission = new Admission(options.threads(), options.queue());
        ApiHandler handler = new ApiHandler(service, keys, options, admission);
        server.setHandler(handler);
        server.setErrorHandler(new JsonErrorHandler());
        // stop() waits for the requests in flight itself; Jetty then closes whatever is left at once.
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            admission.shutdownNow();
            stopQuietly(server);
            throw e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
        }
        RequestDeadline deadline = new RequestDeadline(connector, server.getScheduler(), limits.requestTimeout());
        deadline.start();
        InetSocketAddress address = new InetSocketAddress(options.listen().getAddress(), connector.getLocalPort());
        LOG.info("serving dcdb {} on {}{} for {} key(s), {} requests/s per key and action, at most {} connections",
                ApiDispatcher.VERSION, options.tls() == null ? "http://" : "https://", address, keys.size(),
                options.rateLimit(), maxConnections);
        return new ApiServer(server, connector, handler, admission, deadline, address, options.stopGrace());
    }

    private static SslContextFactory.Server tls(ServerTls tls) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(tls.keyStore());
        factory.setKeyStorePassword(new String(tls.password()));
        factory.setKeyManagerPassword(new String(tls.password()));
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // A renegotiation costs the server a handshake's work at the client's word: refused.
        factory.setRenegotiationAllowed(false);
        return factory;
    }

    /** Requests admitted to the workers and not yet done. */
    int admitted() {
        return admission.admitted();
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Stops accepting at once, lets the requests in flight finish and be answered (each is audited by the service
     * as usual) for up to the grace period, then closes every connection and releases the threads. Safe to call
     * twice.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        long end = System.nanoTime() + stopGrace.toNanos();
        handler.stopAccepting();
        connector.shutdown(); // closes the listening socket
        try {
            while (handler.unanswered() > 0) {
                if (System.nanoTime() > end) {
                    LOG.warn("{} request(s) still running after {} s; stopping anyway", handler.unanswered(),
                            stopGrace.toSeconds());
                    break;
                }
                Thread.sleep(10);
            }
            deadline.stop();
            stopQuietly(server);
            admission.shutdown();
            if (!admission.awaitTermination(Math.max(0, end - System.nanoTime()))) {
                admission.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(server);
            admission.shutdownNow();
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP server did not stop cleanly: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
