package com.sessionconsole.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.killsession.ErrorCode;
import com.sessionconsole.killsession.KillSessionException;
import com.sessionconsole.killsession.KillSessionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One API request, whatever the HTTP server: authenticates it, checks version, action and rate limit, runs the
 * action and gives the Response object, the action's fields or the contract's Error. Every error message goes
 * out through {@link SafeMessage}, so no local path reaches a caller whichever action failed; an unexpected
 * fault is logged here with its stack trace and answered as a bare InternalError.
 */
final class ApiDispatcher {
    static final String VERSION = "2018-04-11";
    /** The actions served: a request's action counts in the metrics under its name only if it is one of these. */
    static final Set<String> ACTIONS = Set.of("KillSession", "DescribeFlow", "DescribeDCDBInstances",
            "DescribeDCDBShards", "DescribeDCDBInstanceNodeInfo", "DescribeProcessList");
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);

    private final RequestAuthenticator authenticator;
    private final RateLimiter limiter;
    private final Map<String, Action> actions;
    private final ApiMetrics metrics;
    private final Clock clock;

    ApiDispatcher(KillSessionService service, ApiKeys keys, ApiServerOptions options) {
        this.authenticator = new RequestAuthenticator(keys, options.clock(), service.requestLedger().orElse(null));
        this.limiter = new RateLimiter(options.rateLimit(), options.nanoTicker());
        InstanceActions describe = new InstanceActions(service);
        KillActions kill = new KillActions(service);
        ProcessListAction processes = new ProcessListAction(service);
        this.actions = Map.of(
                "KillSession", kill::killSession,
                "DescribeFlow", (r, out) -> kill.describeFlow(r, out),
                "DescribeDCDBInstances", (r, out) -> describe.instances(r, out),
                "DescribeDCDBShards", describe::shards,
                "DescribeDCDBInstanceNodeInfo", describe::nodes,
                "DescribeProcessList", processes::run);
        if (!actions.keySet().equals(ACTIONS)) {
            throw new IllegalStateException("ACTIONS must list the served actions: " + actions.keySet());
        }
        this.metrics = options.metrics();
        this.clock = options.clock();
    }

    /**
     * The Response object for one request, without its RequestId.
     *
     * @param arrivedTicks when the request's first byte was read, on the server's nano ticker (TC3 replays)
     * @param arrivedNanos the same moment on {@link System#nanoTime()} (the service's live reads)
     */
    ObjectNode answer(RawRequest raw, String requestId, long arrivedTicks, long arrivedNanos) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        String who = "-";
        String action = "-";
        try {
            // The arrival on the wall clock, for the ledger shared with other replicas.
            long arrivedMillis = clock.millis() - (System.nanoTime() - arrivedNanos) / 1_000_000L;
            SignedRequest signed = authenticator.authenticate(raw, arrivedTicks, arrivedMillis);
            who = signed.key().secretId();
            action = signed.action();
            run(signed, arrivedNanos, response);
        } catch (ApiError e) {
            error(response, e.code(), SafeMessage.of(e.getMessage()));
        } catch (KillSessionException e) {
            String message = SafeMessage.of(e.getMessage());
            if (e.code() == ErrorCode.AUDIT_UNAVAILABLE) {
                // The store's own words name files or database hosts: logged here, not answered.
                LOG.warn("request {} ({} by {}) refused: {}", requestId, action, who, e.getMessage());
                message = ("KillSession".equals(action) ? "the audit store cannot be written, so nothing was killed"
                        : "the audit store cannot be read") + "; the server log has the details under RequestId "
                        + requestId;
            } else if (e.code() == ErrorCode.INTERNAL_ERROR || SafeMessage.internal(e.getMessage())) {
                // An exception's text or an audit file's path: logged here, not answered.
                LOG.warn("request {} ({} by {}) failed: {}", requestId, action, who, e.getMessage());
                message = "internal error" + (e.taskId() == null ? "" : " (task " + e.taskId() + ")")
                        + "; the server log has the details under RequestId " + requestId;
            }
            error(response, e.code().code(), message);
        } catch (RuntimeException e) {
            LOG.error("request {} ({} {} by {}) failed", requestId, raw.method(), action, who, e);
            error(response, ApiError.INTERNAL_ERROR, internalMessage(requestId));
        }
        String code = response.has("Error") ? response.path("Error").path("Code").asText() : null;
        if (code != null && LOG.isInfoEnabled()) {
            LOG.info("{} {} by {}: {}", requestId, action, who, code);
        }
        if (metrics != null) {
            metrics.request(action, code, System.nanoTime() - arrivedNanos);
        }
        return response;
    }

    private void run(SignedRequest signed, long arrivedNanos, ObjectNode response)
            throws ApiError, KillSessionException {
        if (!VERSION.equals(signed.version())) {
            throw new ApiError(ApiError.NO_SUCH_VERSION, "Version: '" + FormEncoding.printable(signed.version())
                    + "' is not served here (only " + VERSION + ")");
        }
        Action action = actions.get(signed.action());
        if (action == null) {
            throw new ApiError(ApiError.INVALID_ACTION, "Action: '" + FormEncoding.printable(signed.action())
                    + "' is not an action of dcdb " + VERSION + " served here (" + String.join(", ",
                    new TreeSet<>(actions.keySet())) + ")");
        }
        if (!limiter.tryAcquire(signed.key().secretId(), signed.action())) {
            throw new ApiError(ApiError.REQUEST_LIMIT_EXCEEDED, signed.action() + ": more than " + limiter.perSecond()
                    + " requests per second from " + signed.key().secretId());
        }
        action.run(new ActionRequest(new ActionParameters(signed.params()), signed.key().caller(), arrivedNanos),
                response);
    }

    static String internalMessage(String requestId) {
        return "internal error; the server log has the details under RequestId " + requestId;
    }

    static ObjectNode error(ObjectNode response, String code, String message) {
        response.removeAll();
        ObjectNode error = response.putObject("Error");
        error.put("Code", code);
        error.put("Message", message == null ? "" : message);
        return response;
    }
}
