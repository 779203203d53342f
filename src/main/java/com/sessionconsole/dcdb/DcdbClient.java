package com.sessionconsole.dcdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.dcdb.RateLimits.Priority;
import com.sessionconsole.fleet.backend.BackendException;
import com.sessionconsole.fleet.inventory.DcdbEndpoint;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dcdb 2018-04-11 API through the official SDK's {@link CommonClient} (TC3-HMAC-SHA256, POST JSON), at
 * Tencent Cloud or any other endpoint that speaks the contract, such as another Session Console. Every error
 * becomes a {@link BackendException} carrying the API's code, message and RequestId.
 *
 * <p>Every call waits for its turn in the lane of its SecretId and action ({@link RateLimits}); a
 * RequestLimitExceeded that comes back all the same (another client of the SecretId, a server that counts
 * differently) is retried after a growing wait with jitter, as long as the call's deadline allows. A paced call
 * holds no thread while it waits: synchronous callers block on their own thread, asynchronous ones are woken by
 * the factory's scheduler and then run on the executor they gave.
 */
final class DcdbClient implements AutoCloseable {
    static final String SERVICE = "dcdb";
    static final String VERSION = "2018-04-11";
    static final String LIMIT_EXCEEDED = "RequestLimitExceeded";
    static final int PAGE = 100;
    /** A guard against a server that never returns a short page: 1,000 pages of 100. */
    private static final int MAX_PAGES = 1_000;
    /** The longest a listing's first call waits for its turn: a queue of some 6,000 calls at 20 per second. */
    static final long MAX_QUEUE_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DcdbEndpoint endpoint;
    private final DcdbTimeouts timeouts;
    private final Pacer pacer;
    private volatile CommonClient client;
    private volatile RateLimits.Account account;
    private volatile boolean closed;

    DcdbClient(DcdbEndpoint endpoint, DcdbTimeouts timeouts, Pacer pacer) {
        this.endpoint = endpoint;
        this.timeouts = timeouts;
        this.pacer = pacer;
    }

    String endpointUrl() {
        return (endpoint.https() ? "https://" : "http://") + endpoint.endpoint();
    }

    String region() {
        return endpoint.region();
    }

    /** The rate the inventory configures for this entry (the account's is the lowest of its entries'). */
    int rateLimit() {
        return endpoint.rateLimit();
    }

    /** The account the calls count against, once the credentials were read (by the first call); else null. */
    RateLimits.Account account() {
        return account;
    }

    /** The deadline of a call that has no operation's budget: the read timeout from now. */
    long patience() {
        return System.nanoTime() + timeouts.read().toNanos();
    }

    /** One call with the read timeout as its deadline. */
    JsonNode call(String action, ObjectNode body) throws BackendException {
        return call(action, body, Priority.FIRST, patience());
    }

    /**
     * One call, once its turn comes, retried after a RequestLimitExceeded while {@code deadline} allows;
     * answers the {@code Response} object.
     *
     * @param deadline on {@link System#nanoTime()}: no turn is waited for, and no retry made, beyond it
     * @throws NotSent when the call never went (no turn in time, no credentials, interrupted)
     */
    JsonNode call(String action, ObjectNode body, Priority priority, long deadline) throws BackendException {
        RateLimits.Account limits = ready();
        for (int attempt = 0; ; attempt++) {
            awaitTurn(limits, action, priority, deadline);
            try {
                return send(action, body);
            } catch (BackendException e) {
                if (!LIMIT_EXCEEDED.equals(e.remoteCode())) {
                    throw e;
                }
                pacer.limits.limited();
                long wait = Pacer.backoff(attempt);
                if (System.nanoTime() + wait - deadline > 0) {
                    throw stillLimited(e, attempt);
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new NotSent(action + " at " + endpointUrl() + ": interrupted before it was sent again", null,
                            interrupted);
                }
            }
        }
    }

    /**
     * One call, as {@link #call(String, ObjectNode, Priority, long)}, without holding a thread while it waits:
     * it is sent on {@code io} once its turn comes, and {@code beforeSend} runs there first.
     */
    CompletableFuture<JsonNode> callAsync(String action, ObjectNode body, Priority priority, long deadline,
                                          Executor io, Runnable beforeSend) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        attempt(action, body, priority, deadline, io, beforeSend, 0, result);
        return result;
    }

    private void attempt(String action, ObjectNode body, Priority priority, long deadline, Executor io,
                         Runnable beforeSend, int attempt, CompletableFuture<JsonNode> result) {
        RateLimits.Account limits;
        try {
            limits = ready();
        } catch (BackendException e) {
            result.completeExceptionally(e);
            return;
        }
        limits.turn(action, priority, deadline).whenComplete((ok, noTurn) -> {
            if (noTurn != null) {
                result.completeExceptionally(noTurn(action, limits));
                return;
            }
            try {
                io.execute(() -> {
                    try {
                        beforeSend.run();
                        result.complete(send(action, body));
                    } catch (BackendException e) {
                        if (!LIMIT_EXCEEDED.equals(e.remoteCode())) {
                            result.completeExceptionally(e);
                            return;
                        }
                        pacer.limits.limited();
                        long wait = Pacer.backoff(attempt);
                        if (System.nanoTime() + wait - deadline > 0) {
                            result.completeExceptionally(stillLimited(e, attempt));
                        } else {
                            try {
                                pacer.after(wait, () -> attempt(action, body, priority, deadline, io, () -> { },
                                        attempt + 1, result));
                            } catch (RejectedExecutionException closing) {
                                result.completeExceptionally(new NotSent(action + ": not retried, the console is"
                                        + " closing", null, closing));
                            }
                        }
                    } catch (Throwable e) {
                        result.completeExceptionally(e); // whatever happens, the caller hears of this call
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new NotSent(action + ": not sent, the console is closing", null, e));
            }
        });
    }

    private void awaitTurn(RateLimits.Account limits, String action, Priority priority, long deadline)
            throws NotSent {
        CompletableFuture<Void> turn = limits.turn(action, priority, deadline);
        try {
            // The turn ends itself at the deadline; the second beyond it only guards against a lost wake-up.
            turn.get(Math.max(0, deadline - System.nanoTime()) + 1_000_000_000L, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            turn.cancel(false);
            throw noTurn(action, limits);
        } catch (InterruptedException e) {
            turn.cancel(false);
            Thread.currentThread().interrupt();
            throw new NotSent(action + " at " + endpointUrl() + ": interrupted before it was sent", null, e);
        }
    }

    private NotSent noTurn(String action, RateLimits.Account limits) {
        return new NotSent(action + " at " + endpointUrl() + ": not sent: the API allows " + limits.perSecond() + " "
                + action + " per second for this SecretId, and no turn came within the time left", null, null);
    }

    private BackendException stillLimited(BackendException e, int attempt) {
        return new BackendException(e.getMessage() + " (still after " + (attempt + 1) + (attempt == 0 ? " try" : " tries")
                + " within the time the operation had)", e.remoteCode(), e.requestId(), e);
    }

    /** One request as it goes out; answers the {@code Response} object. */
    private JsonNode send(String action, ObjectNode body) throws BackendException {
        String raw;
        pacer.limits.sent(action);
        try {
            raw = client.call(action, JSON.writeValueAsString(body));
        } catch (TencentCloudSDKException e) {
            String code = e.getErrorCode() == null || e.getErrorCode().isEmpty() ? null : e.getErrorCode();
            String requestId = e.getRequestId() == null || e.getRequestId().isEmpty() ? null : e.getRequestId();
            throw new BackendException(action + " at " + endpointUrl() + ": " + (code == null ? "" : code + ": ")
                    + e.getMessage() + (requestId == null ? "" : " (RequestId " + requestId + ")"), code, requestId, e);
        } catch (IOException e) {
            throw new BackendException(action + ": request could not be encoded: " + e.getMessage(), e);
        }
        try {
            return JSON.readTree(raw).path("Response");
        } catch (IOException e) {
            throw new BackendException(action + " at " + endpointUrl() + ": the answer is not JSON", e);
        }
    }

    /**
     * Every page of a listing: Offset 0, 100, 200, ... until a page is short or TotalCount is reached.
     *
     * @param body  the request without Offset and Limit
     * @param items the response's list field
     */
    List<JsonNode> all(String action, ObjectNode body, String items, Priority priority, long deadline)
            throws BackendException {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode response = call(action, page(body, page), page == 0 ? priority : nextPage(priority), deadline);
            if (lastPage(response, items, all)) {
                return all;
            }
        }
        throw tooMany(action);
    }

    /** {@link #all} with the read timeout as its deadline. */
    List<JsonNode> all(String action, ObjectNode body, String items) throws BackendException {
        return all(action, body, items, Priority.FIRST, patience());
    }

    /**
     * Every page, as {@link #all}, without holding a thread while waiting: the first call waits its turn in the
     * queue (at most {@link #MAX_QUEUE_NANOS}); from when it is sent, every further page and retry has the read
     * timeout. {@code started} runs once, right before the first call goes.
     */
    CompletableFuture<List<JsonNode>> allAsync(String action, ObjectNode body, String items, Executor io,
                                               Runnable started) {
        CompletableFuture<List<JsonNode>> result = new CompletableFuture<>();
        long[] deadline = {System.nanoTime() + MAX_QUEUE_NANOS};
        Runnable first = () -> {
            deadline[0] = patience();
            started.run();
        };
        page(action, body, items, io, 0, new ArrayList<>(), deadline, first, result);
        return result;
    }

    private void page(String action, ObjectNode body, String items, Executor io, int page, List<JsonNode> all,
                      long[] deadline, Runnable beforeSend, CompletableFuture<List<JsonNode>> result) {
        if (page >= MAX_PAGES) {
            result.completeExceptionally(tooMany(action));
            return;
        }
        callAsync(action, page(body, page), page == 0 ? Priority.FIRST : Priority.NEXT_PAGE, deadline[0], io,
                beforeSend).whenComplete((response, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else if (lastPage(response, items, all)) {
                        result.complete(all);
                    } else {
                        page(action, body, items, io, page + 1, all, deadline, () -> { }, result);
                    }
                });
    }

    private static ObjectNode page(ObjectNode body, int page) {
        ObjectNode request = body.deepCopy();
        request.put("Offset", page * PAGE);
        request.put("Limit", PAGE);
        return request;
    }

    private static Priority nextPage(Priority priority) {
        return priority == Priority.KILL ? Priority.KILL : Priority.NEXT_PAGE;
    }

    /** Adds the page's items; true when it was the last page. */
    private static boolean lastPage(JsonNode response, String items, List<JsonNode> all) {
        JsonNode list = response.path(items);
        list.forEach(all::add);
        long total = response.path("TotalCount").asLong(-1);
        return list.size() < PAGE || (total >= 0 && all.size() >= total);
    }

    private BackendException tooMany(String action) {
        return new BackendException(action + " at " + endpointUrl() + ": more than " + MAX_PAGES * PAGE
                + " items; refusing to page further", null);
    }

    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    /** The SDK client and the account, made on the first call (when the credentials are read). */
    private synchronized RateLimits.Account ready() throws BackendException {
        if (closed) {
            throw new NotSent(endpointUrl() + ": closed", null, null);
        }
        if (client == null) {
            Credential credential;
            try {
                credential = Credentials.resolve(endpoint.credentials());
            } catch (BackendException e) {
                throw new NotSent(endpointUrl() + ": " + e.getMessage(), null, e);
            }
            HttpProfile http = new HttpProfile();
            http.setEndpoint(endpoint.endpoint());
            http.setProtocol(endpoint.https() ? HttpProfile.REQ_HTTPS : HttpProfile.REQ_HTTP);
            http.setReqMethod(HttpProfile.REQ_POST);
            http.setConnTimeout(DcdbTimeouts.seconds(timeouts.connect()));
            http.setReadTimeout(DcdbTimeouts.seconds(timeouts.read()));
            http.setWriteTimeout(DcdbTimeouts.seconds(timeouts.write()));
            ClientProfile profile = new ClientProfile(ClientProfile.SIGN_TC3_256, http);
            RateLimits.Account limits = pacer.limits.account(credential.getSecretId());
            limits.use(this, endpoint.rateLimit());
            account = limits;
            client = new CommonClient(SERVICE, VERSION, credential, endpoint.region(), profile);
        }
        return account;
    }

    @Override
    public synchronized void close() {
        closed = true;
        RateLimits.Account limits = account;
        if (limits != null) {
            limits.release(this);
        }
    }
}
