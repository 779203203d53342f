package com.sessionconsole.api;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the server listens and what it allows.
 *
 * @param threads        the bounded pool that runs requests (each waits on shards with the service's timeouts)
 * @param queue          requests waiting for a thread; beyond that a request is answered RequestLimitExceeded at once
 * @param maxBodyBytes   a larger request body is refused with InvalidRequest (read and thrown away up to 1 MiB)
 * @param rateLimit      requests per second per SecretId and action (the contract's 20 by default)
 * @param stopGrace      how long a stop waits for requests in flight
 * @param clock          the clock signatures are checked against (300 s window)
 * @param nanoTicker     the rate limiter's and the TC3 replay check's time source
 * @param connections    what one client connection may hold: the cap on them and their timeouts
 * @param tls            the certificate and key to serve HTTPS with, or null for plain HTTP
 * @param metrics        what {@code GET /metrics} shows, or null for no {@code /metrics} (the default)
 */
public record ApiServerOptions(InetSocketAddress listen, int threads, int queue, int maxBodyBytes, int rateLimit,
                               Duration stopGrace, Clock clock, LongSupplier nanoTicker, ConnectionLimits connections,
                               ServerTls tls, ApiMetrics metrics) {
    public static final int DEFAULT_PORT = 8811;
    public static final int DEFAULT_RATE_LIMIT = 20;
    public static final int DEFAULT_MAX_BODY = 64 * 1024;

    public ApiServerOptions {
        Objects.requireNonNull(listen, "listen");
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("threads: the request pool needs at least one thread and queue slot");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes: at least 1024");
        }
        if (rateLimit < 1) {
            throw new IllegalArgumentException("rateLimit: at least 1 request per second");
        }
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nanoTicker, "nanoTicker");
        Objects.requireNonNull(connections, "connections");
    }

    public static ApiServerOptions defaults(InetSocketAddress listen) {
        return new ApiServerOptions(listen, 32, 1024, DEFAULT_MAX_BODY, DEFAULT_RATE_LIMIT, Duration.ofSeconds(20),
                Clock.systemUTC(), System::nanoTime, ConnectionLimits.DEFAULT, null, null);
    }

    public ApiServerOptions withRateLimit(int perSecond) {
        return new ApiServerOptions(listen, threads, queue, maxBodyBytes, perSecond, stopGrace, clock, nanoTicker,
                connections, tls, metrics);
    }

    public ApiServerOptions withThreads(int count) {
        return new ApiServerOptions(listen, count, queue, maxBodyBytes, rateLimit, stopGrace, clock, nanoTicker,
                connections, tls, metrics);
    }

    public ApiServerOptions withQueue(int waiting) {
        return new ApiServerOptions(listen, threads, waiting, maxBodyBytes, rateLimit, stopGrace, clock, nanoTicker,
                connections, tls, metrics);
    }

    public ApiServerOptions withTime(Clock wallClock, LongSupplier ticker) {
        return new ApiServerOptions(listen, threads, queue, maxBodyBytes, rateLimit, stopGrace, wallClock, ticker,
                connections, tls, metrics);
    }

    public ApiServerOptions withConnections(ConnectionLimits limits) {
        return new ApiServerOptions(listen, threads, queue, maxBodyBytes, rateLimit, stopGrace, clock, nanoTicker,
                limits, tls, metrics);
    }

    public ApiServerOptions withTls(ServerTls certificate) {
        return new ApiServerOptions(listen, threads, queue, maxBodyBytes, rateLimit, stopGrace, clock, nanoTicker,
                connections, certificate, metrics);
    }

    /** Serves {@code GET /metrics} from these metrics, which also count the requests; null for none. */
    public ApiServerOptions withMetrics(ApiMetrics served) {
        return new ApiServerOptions(listen, threads, queue, maxBodyBytes, rateLimit, stopGrace, clock, nanoTicker,
                connections, tls, served);
    }

    /** {@code HOST:PORT}, {@code :PORT} or {@code PORT}; the host defaults to loopback. */
    public static InetSocketAddress parseListen(String text) {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : value.substring(0, colon);
        String portText = colon < 0 ? value : value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen: '" + text + "' is not HOST:PORT");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen: port " + port + " is not a TCP port");
        }
        return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
    }
}
