package com.sessionconsole.api;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One API request on its way through the server, and its one answer. Whoever answers first wins; a second
 * attempt (a fault while the first was being sent) is dropped, so the client never gets two answers or none.
 */
final class ApiExchange {
    static final Runnable NOTHING = () -> { };
    private static final Logger LOG = LoggerFactory.getLogger(ApiExchange.class);

    final Request request;
    final String requestId;
    /** When the request's first byte was read: on the server's nano ticker, and on {@link System#nanoTime()}. */
    final long arrivedTicks;
    final long arrivedNanos;
    private final Response response;
    private final Callback callback;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final ApiMetrics metrics;
    private BodyBudget budget;
    private long reserved;

    /** @param metrics counts the answers the exchange makes itself (refusals before a worker), or null */
    ApiExchange(Request request, Response response, Callback callback, long arrivedTicks, ApiMetrics metrics) {
        this.request = request;
        this.metrics = metrics;
        this.response = response;
        this.callback = callback;
        this.requestId = Envelope.requestId();
        this.arrivedTicks = arrivedTicks;
        this.arrivedNanos = request.getBeginNanoTime();
    }

    /** Takes room for the request's body until the answer is sent; false when there is none. */
    boolean reserve(BodyBudget bodies, long bytes) {
        if (!bodies.tryTake(bytes)) {
            return false;
        }
        budget = bodies;
        reserved = bytes;
        return true;
    }

    /** The request as the transport-free part of the server reads it. */
    RawRequest raw(byte[] body) {
        HttpFields fields = request.getHeaders();
        RawRequest.Headers headers = new RawRequest.Headers() {
            @Override
            public String first(String name) {
                return fields.get(name);
            }

            @Override
            public int count(String name) {
                int count = 0;
                for (HttpField field : fields) {
                    if (field.is(name)) {
                        count++;
                    }
                }
                return count;
            }
        };
        return new RawRequest(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                headers, body);
    }

    /** Answers with the contract's error; {@code closeAfter} when the request's body is left unread. */
    void error(String code, String message, boolean closeAfter) {
        byte[] body;
        try {
            body = Envelope.error(code, message, requestId);
        } catch (Throwable e) { // the JSON writer failed: still an answer
            LOG.error("request {}: the {} answer could not be written", requestId, code, e);
            body = Envelope.lastResort(requestId);
        }
        count(code);
        send(body, closeAfter, NOTHING);
    }

    private void count(String code) {
        if (metrics != null) {
            metrics.request(ApiMetrics.OTHER_ACTION, code, System.nanoTime() - arrivedNanos);
        }
    }

    /** The last-resort answer for a fault nothing else caught; the fault goes to the log under the RequestId. */
    void internalError(Throwable fault, Runnable done) {
        LOG.error("request {} ({} {}) failed", requestId, request.getMethod(), request.getHttpURI().getPath(), fault);
        count(ApiError.INTERNAL_ERROR);
        send(Envelope.lastResort(requestId), true, done);
    }

    /**
     * Sends the JSON answer with HTTP 200, as the contract has every API answer; runs {@code done} once it is sent
     * or has failed, and at once when the exchange was already answered ({@code done} must bear a second run).
     */
    void send(byte[] body, boolean closeAfter, Runnable done) {
        if (!answered.compareAndSet(false, true)) {
            done.run();
            return;
        }
        Callback sent = Callback.from(() -> {
            finished(done);
            callback.succeeded();
        }, failure -> {
            finished(done);
            callback.failed(failure);
        });
        try {
            response.setStatus(200);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.CONTENT_TYPE, Envelope.JSON_TYPE);
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
            if (closeAfter) {
                headers.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            response.write(true, ByteBuffer.wrap(body), sent);
        } catch (Throwable e) { // the connection is gone or broken: Jetty closes it
            LOG.debug("request {}: the answer could not be sent", requestId, e);
            sent.failed(e);
        }
    }

    private void finished(Runnable done) {
        if (budget != null) {
            budget.giveBack(reserved);
        }
        done.run();
    }
}
