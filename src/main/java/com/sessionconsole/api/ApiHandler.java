package com.sessionconsole.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.killsession.KillSessionService;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Every request the server reads: {@code /healthz} is answered at once; an API request ({@code /}) has its body
 * read without blocking, is then handed to a worker ({@link Admission}) or, when all are taken, answered
 * RequestLimitExceeded at once, and the worker's answer goes out as the contract's envelope with HTTP 200.
 * <p>
 * Nothing here waits: it runs on Jetty's I/O threads, which must stay free for every other connection. A fault
 * anywhere, an Error included, still gets the client an InternalError answer with its RequestId.
 */
final class ApiHandler extends Handler.Abstract.NonBlocking {
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

    private final ApiDispatcher dispatcher;
    private final Admission admission;
    private final int maxBodyBytes;
    private final LongSupplier ticker;
    /** What {@code /metrics} shows, or null when it is off. */
    private final ApiMetrics metrics;
    /** The bodies read or held for a worker, at most 256 of the largest at once: what they may cost the heap. */
    private final BodyBudget bodies;
    /** Requests handed to a worker whose answer is not yet sent: what a stop waits for. */
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile boolean stopping;

    ApiHandler(KillSessionService service, ApiKeys keys, ApiServerOptions options, Admission admission) {
        this.dispatcher = new ApiDispatcher(service, keys, options);
        this.admission = admission;
        this.maxBodyBytes = options.maxBodyBytes();
        this.bodies = new BodyBudget(256L * options.maxBodyBytes());
        this.ticker = options.nanoTicker();
        this.metrics = options.metrics();
        if (metrics != null) {
            metrics.gauge("sessionconsole_api_requests_in_flight", "Requests handed to a worker and not yet answered",
                    unanswered::get);
            metrics.gauge("sessionconsole_audit_unrecorded_outcomes", "Outcomes of tasks that ran but could not be"
                    + " written to the audit store yet (it keeps trying)", service::unrecordedOutcomes);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if ("/healthz".equals(path)) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap(OK), callback);
            return true;
        }
        if (metrics != null && "/metrics".equals(path) && "GET".equals(request.getMethod())) {
            // Unauthenticated like /healthz: counts and latencies only, no instance's data, no SQL, no key.
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiMetrics.TEXT_TYPE);
            response.write(true, ByteBuffer.wrap(metrics.scrape()), callback);
            return true;
        }
        // The arrival on the server's ticker (which tests move by hand): now on it, less the time since the
        // request's first byte was read.
        long arrivedTicks = ticker.getAsLong() - (System.nanoTime() - request.getBeginNanoTime());
        ApiExchange exchange = new ApiExchange(request, response, callback, arrivedTicks, metrics);
        try {
            begin(exchange);
        } catch (Throwable fault) {
            exchange.internalError(fault, ApiExchange.NOTHING);
        }
        return true;
    }

    private void begin(ApiExchange exchange) {
        Request request = exchange.request;
        String method = request.getMethod();
        if (stopping) {
            exchange.error(ApiError.REQUEST_LIMIT_EXCEEDED, "the server is stopping; retry later", true);
        } else if (!method.equals("GET") && !method.equals("POST")) {
            exchange.error(ApiError.UNSUPPORTED_PROTOCOL, "HTTP method " + FormEncoding.printable(method)
                    + ": only GET and POST are served", true);
        } else if (!"/".equals(request.getHttpURI().getPath())) {
            exchange.error(ApiError.INVALID_REQUEST, "path " + FormEncoding.printable(request.getHttpURI().getPath())
                    + ": the API is served at / only", true);
        } else if (!exchange.reserve(bodies, roomFor(request))) {
            exchange.error(ApiError.REQUEST_LIMIT_EXCEEDED, "the server is busy: " + bodies.limit() / 1024
                    + " KiB of request bodies are being received or waiting; retry later", true);
        } else {
            RequestBody.read(request, maxBodyBytes, new RequestBody.Receiver() {
                @Override
                public void received(byte[] body) {
                    admit(exchange, body);
                }

                @Override
                public void tooLarge() {
                    // Read to its end (up to RequestBody.DRAIN_LIMIT) and thrown away, so the answer reaches a
                    // client that was still sending; then the connection closes.
                    exchange.error(ApiError.INVALID_REQUEST, "the request body is larger than " + maxBodyBytes
                            + " bytes", true);
                }

                @Override
                public void failed(Throwable cause) {
                    exchange.error(ApiError.INVALID_REQUEST, "the request body could not be read ("
                            + (cause instanceof TimeoutException ? "timed out" : "broken off") + ")", true);
                }
            });
        }
    }

    /** The room a body may take: its declared length, the limit when it comes in chunks, else none. */
    private long roomFor(Request request) {
        long declared = request.getLength();
        if (declared >= 0) {
            return Math.min(declared, maxBodyBytes);
        }
        return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING) ? maxBodyBytes : 0;
    }

    /** The body is in: a worker takes the request, or it is refused at once. */
    private void admit(ApiExchange exchange, byte[] body) {
        try {
            if (stopping) {
                exchange.error(ApiError.REQUEST_LIMIT_EXCEEDED, "the server is stopping; retry later", true);
                return;
            }
            // Its connection's idle timeout does not end a request while a worker runs it: a kill may wait on a
            // slow shard for as long as the service's own timeouts allow.
            exchange.request.addIdleTimeoutListener(timeout -> false);
            unanswered.incrementAndGet();
            if (!admission.tryRun(() -> work(exchange, body))) {
                unanswered.decrementAndGet();
                exchange.error(ApiError.REQUEST_LIMIT_EXCEEDED, "the server is busy: " + admission.capacity()
                        + " requests are running or waiting; retry later", false);
            }
        } catch (Throwable fault) {
            exchange.internalError(fault, ApiExchange.NOTHING);
        }
    }

    /** On a worker: the request is authenticated, run and answered. */
    private void work(ApiExchange exchange, byte[] body) {
        AtomicBoolean counted = new AtomicBoolean();
        Runnable done = () -> {
            if (counted.compareAndSet(false, true)) {
                unanswered.decrementAndGet();
            }
        };
        try {
            ObjectNode response = dispatcher.answer(exchange.raw(body), exchange.requestId, exchange.arrivedTicks,
                    exchange.arrivedNanos);
            exchange.send(Envelope.of(response, exchange.requestId), false, done);
        } catch (Throwable fault) {
            exchange.internalError(fault, done);
        }
    }

    /** From now on a new request is answered "stopping" instead of run. */
    void stopAccepting() {
        stopping = true;
    }

    /** Requests handed to a worker and not yet answered. */
    int unanswered() {
        return unanswered.get();
    }
}
