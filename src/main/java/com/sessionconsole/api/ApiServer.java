package com.sessionconsole.api;

import com.sessionconsole.killsession.KillSessionService;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code session-console serve}: the KillSession service over HTTP with the dcdb 2018-04-11 contract, on the
 * JDK's own HTTP server with a bounded pool. {@code GET /healthz} answers "ok" without authentication. When the
 * pool's threads and queue are all taken, a request is answered at once with RequestLimitExceeded ({@link Admission}).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    static {
        // The JDK server's own deadlines (seconds), read once when it first starts: a client that sends its
        // request or reads its answer too slowly is cut off instead of holding a thread and a connection.
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "60"));
        // Without TCP_NODELAY the answer's headers and body leave in two segments and the client's delayed ACK
        // adds about 40 ms to every keep-alive request.
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
    }

    /** Time for the listener to close after HttpServer.stop begins (it is the first thing stop does). */
    private static final long LISTENER_CLOSE_MILLIS = 100;

    private final HttpServer server;
    private final Admission pool;
    private final Duration stopGrace;
    private volatile boolean stopped;

    private ApiServer(HttpServer server, Admission pool, Duration stopGrace) {
        this.server = server;
        this.pool = pool;
        this.stopGrace = stopGrace;
    }

    /** Binds and starts serving; the service stays owned by the caller. */
    public static ApiServer start(KillSessionService service, ApiKeys keys, ApiServerOptions options) throws IOException {
        HttpServer server = HttpServer.create(options.listen(), 256);
        Admission pool = new Admission(options.threads(), options.queue(), options.nanoTicker());
        server.setExecutor(pool);
        server.createContext("/", new ApiHandler(service, keys, options));
        server.createContext("/healthz", ApiServer::health);
        server.start();
        LOG.info("serving dcdb {} on {} for {} key(s), {} requests/s per key and action", ApiHandler.VERSION,
                server.getAddress(), keys.size(), options.rateLimit());
        return new ApiServer(server, pool, options.stopGrace());
    }

    private static void health(HttpExchange exchange) throws IOException {
        byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
        exchange.getRequestBody().close();
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        }
    }

    /** Requests admitted to the pool and not yet answered. */
    int admitted() {
        return pool.admitted();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Stops accepting at once, lets the requests in flight finish (each is audited by the service as usual) for
     * up to the grace period, then releases the threads. Safe to call twice.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + stopGrace.toNanos();
        // HttpServer.stop closes the listener at once and then waits for exchanges in progress; on Java 17 it
        // waits the whole delay when none is in progress (JDK-8304065), so it runs aside and the pool is watched
        // here instead: once the requests it runs are done, nothing is left to wait for.
        Thread closer = new Thread(() -> server.stop((int) Math.max(1, stopGrace.toSeconds())), "api-stop");
        closer.setDaemon(true);
        closer.start();
        try {
            Thread.sleep(LISTENER_CLOSE_MILLIS);
            while (pool.busy()) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("requests still running after {} s; stopping anyway", stopGrace.toSeconds());
                    break;
                }
                Thread.sleep(10);
            }
            pool.shutdown();
            if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()))) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
