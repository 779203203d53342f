package com.sessionconsole.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one API endpoint ({@code /}): reads the request within the size limit, authenticates it, checks version,
 * action and rate limit, runs the action, and always answers HTTP 200 with the contract's envelope and a fresh
 * RequestId. An unexpected fault is logged here with its stack trace and answered as a bare InternalError.
 */
final class ApiHandler implements HttpHandler {
    static final String VERSION = "2018-04-11";
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestAuthenticator authenticator;
    private final RateLimiter limiter;
    private final int maxBodyBytes;
    private final int capacity;
    private final java.util.function.LongSupplier ticker;
    private final Map<String, Action> actions;

    ApiHandler(KillSessionService service, ApiKeys keys, ApiServerOptions options) {
        this.authenticator = new RequestAuthenticator(keys, options.clock());
        this.limiter = new RateLimiter(options.rateLimit(), options.nanoTicker());
        this.maxBodyBytes = options.maxBodyBytes();
        this.capacity = options.threads() + options.queue();
        this.ticker = options.nanoTicker();
        InstanceActions describe = new InstanceActions(service);
        KillActions kill = new KillActions(service);
        ProcessListAction processes = new ProcessListAction(service);
        this.actions = Map.of(
                "KillSession", kill::killSession,
                "DescribeFlow", (p, c, r) -> kill.describeFlow(p, c, r),
                "DescribeDCDBInstances", (p, c, r) -> describe.instances(p, c, r),
                "DescribeDCDBShards", describe::shards,
                "DescribeDCDBInstanceNodeInfo", describe::nodes,
                "DescribeProcessList", processes::run);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = requestId();
        ObjectNode response = JSON.createObjectNode();
        boolean closeAfter = false;
        String who = "-";
        String action = "-";
        Admission.Ticket ticket = Admission.current(ticker);
        try {
            try {
                if (!ticket.admitted()) {
                    // Answered from the headers alone; the unread body is why the connection closes after.
                    closeAfter = true;
                    throw new ApiError(ApiError.REQUEST_LIMIT_EXCEEDED, "the server is busy: " + capacity
                            + " requests are running or waiting; retry later");
                }
                RawRequest raw = read(exchange);
                SignedRequest signed = authenticator.authenticate(raw, ticket.arrivedNanos());
                who = signed.key().secretId();
                action = signed.action();
                answer(signed, response);
            } catch (BodyTooLarge e) {
                closeAfter = true;
                throw e.error;
            }
        } catch (ApiError e) {
            error(response, e.code(), e.getMessage());
        } catch (KillSessionException e) {
            String message = SafeMessage.of(e.getMessage());
            if (e.code() == ErrorCode.INTERNAL_ERROR || SafeMessage.internal(e.getMessage())) {
                // An exception's text or an audit file's path: logged here, not answered.
                LOG.warn("request {} ({} by {}) failed: {}", requestId, action, who, e.getMessage());
                message = "internal error" + (e.taskId() == null ? "" : " (task " + e.taskId() + ")")
                        + "; the server log has the details under RequestId " + requestId;
            }
            error(response, e.code().code(), message);
        } catch (RuntimeException e) {
            LOG.error("request {} ({} {} by {}) failed", requestId, exchange.getRequestMethod(), action, who, e);
            error(response, ApiError.INTERNAL_ERROR, "internal error; the server log has the details under RequestId "
                    + requestId);
        }
        response.put("RequestId", requestId);
        if (response.has("Error") && LOG.isInfoEnabled()) {
            LOG.info("{} {} by {}: {}", requestId, action, who, response.path("Error").path("Code").asText());
        }
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("Response", response));
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (closeAfter) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } finally {
            exchange.close();
        }
    }

    private void answer(SignedRequest signed, ObjectNode response) throws ApiError, KillSessionException {
        if (!VERSION.equals(signed.version())) {
            throw new ApiError(ApiError.NO_SUCH_VERSION, "Version: '" + FormEncoding.printable(signed.version())
                    + "' is not served here (only " + VERSION + ")");
        }
        Action action = actions.get(signed.action());
        if (action == null) {
            throw new ApiError(ApiError.INVALID_ACTION, "Action: '" + FormEncoding.printable(signed.action())
                    + "' is not an action of dcdb " + VERSION + " served here (" + String.join(", ",
                    new java.util.TreeSet<>(actions.keySet())) + ")");
        }
        if (!limiter.tryAcquire(signed.key().secretId(), signed.action())) {
            throw new ApiError(ApiError.REQUEST_LIMIT_EXCEEDED, signed.action() + ": more than " + limiter.perSecond()
                    + " requests per second from " + signed.key().secretId());
        }
        action.run(new ActionParameters(signed.params()), signed.key().caller(), response);
    }

    private static void error(ObjectNode response, String code, String message) {
        response.removeAll();
        ObjectNode error = response.putObject("Error");
        error.put("Code", code);
        error.put("Message", message == null ? "" : message);
    }

    /** A body over the limit: answered, then the connection is closed rather than drained. */
    private static final class BodyTooLarge extends Exception {
        final ApiError error;

        BodyTooLarge(ApiError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    private RawRequest read(HttpExchange exchange) throws ApiError, BodyTooLarge {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new ApiError(ApiError.UNSUPPORTED_PROTOCOL, "HTTP method " + FormEncoding.printable(method)
                    + ": only GET and POST are served");
        }
        String path = exchange.getRequestURI().getRawPath();
        if (!"/".equals(path)) {
            throw new ApiError(ApiError.INVALID_REQUEST, "path " + FormEncoding.printable(path)
                    + ": the API is served at / only");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBodyBytes) {
                    throw new BodyTooLarge(tooLarge());
                }
            } catch (NumberFormatException e) {
                throw new ApiError(ApiError.INVALID_REQUEST, "Content-Length is not a number");
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            // With a Content-Length alone (checked above) the body is read into an array of its size; otherwise
            // (chunked) up to one byte past the limit, so that a larger body is told apart.
            boolean chunked = exchange.getRequestHeaders().containsKey("Transfer-Encoding");
            long declared = length == null || chunked ? -1 : Long.parseLong(length.strip());
            body = in.readNBytes(declared >= 0 ? (int) declared : maxBodyBytes + 1);
        } catch (IOException e) {
            throw new ApiError(ApiError.INVALID_REQUEST, "the request body could not be read: " + e.getMessage());
        }
        if (body.length > maxBodyBytes) {
            throw new BodyTooLarge(tooLarge());
        }
        return new RawRequest(method, path, exchange.getRequestURI().getRawQuery(),
                name -> exchange.getRequestHeaders().getFirst(name), body);
    }

    private ApiError tooLarge() {
        return new ApiError(ApiError.INVALID_REQUEST, "the request body is larger than " + maxBodyBytes + " bytes");
    }

    /**
     * A fresh RequestId in the form the cloud uses (a version-4 UUID). It names an answer, it guards nothing,
     * so it comes from a fast per-thread generator rather than the shared SecureRandom behind UUID.randomUUID.
     */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
