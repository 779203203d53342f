package com.sessionconsole.api;

import com.sessionconsole.fleet.KillTask;
import com.sessionconsole.fleet.Outcome;
import com.sessionconsole.fleet.SessionOutcome;
import com.sessionconsole.killsession.ServiceObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What {@code serve} exposes at {@code GET /metrics}, in the Prometheus text format: its requests by action and
 * error code with their latency, the kills by outcome, the shard reads that failed or timed out, and the audit
 * store's write latency.
 * <p>
 * Every label takes its values from a closed set (the served actions, the contract's error codes, the outcome
 * and status enums, the inventory's instance ids), never from a client's text: a client cannot make the
 * server keep series without bound.
 */
public final class ApiMetrics implements ServiceObserver {
    /** The action label of a request whose action is not one served here, or not known yet (refused unread). */
    static final String OTHER_ACTION = "other";
    static final String SUCCESS = "Success";
    static final String TEXT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final double[] REQUEST_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10, 30};
    private static final double[] AUDIT_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Set<String> actions;
    private final Counter requests;
    private final Histogram requestSeconds;
    private final Counter shardReads;
    private final Histogram shardReadSeconds;
    private final Counter tasks;
    private final Counter sessions;
    private final Histogram auditSeconds;
    private final Counter auditFailures;
    private final Map<Outcome, String> outcomeLabels = new EnumMap<>(Outcome.class);

    public ApiMetrics() {
        this.actions = ApiDispatcher.ACTIONS;
        requests = Counter.builder().name("sessionconsole_api_requests_total")
                .help("API requests answered, by action and by error code (Success when none)")
                .labelNames("action", "code").register(registry);
        requestSeconds = Histogram.builder().name("sessionconsole_api_request_duration_seconds")
                .help("From a request's first byte read to its answer, by action").labelNames("action")
                .classicOnly().classicUpperBounds(REQUEST_SECONDS).register(registry);
        shardReads = Counter.builder().name("sessionconsole_shard_reads_total")
                .help("Process-list reads of a shard, for listings and before kills, by instance and result"
                        + " (ok, error, timeout)")
                .labelNames("instance", "result").register(registry);
        shardReadSeconds = Histogram.builder().name("sessionconsole_shard_read_duration_seconds")
                .help("How long one shard's process-list read took").classicOnly()
                .classicUpperBounds(REQUEST_SECONDS).register(registry);
        tasks = Counter.builder().name("sessionconsole_kill_tasks_total")
                .help("Kill tasks finished, by status (success, failed)").labelNames("status").register(registry);
        sessions = Counter.builder().name("sessionconsole_kill_sessions_total")
                .help("Sessions of finished kill tasks, by outcome (killed, already_gone, protected, denied,"
                        + " failed, unknown)").labelNames("outcome").register(registry);
        auditSeconds = Histogram.builder().name("sessionconsole_audit_write_duration_seconds")
                .help("From an audit write's call until it was durable (or failed), by what it wrote (intent,"
                        + " outcome, intent_and_outcome)").labelNames("kind").classicOnly()
                .classicUpperBounds(AUDIT_SECONDS).register(registry);
        auditFailures = Counter.builder().name("sessionconsole_audit_write_failures_total")
                .help("Audit writes that could not be made durable (no KILL follows a failed intent)")
                .labelNames("kind").register(registry);
        for (Outcome outcome : Outcome.values()) {
            outcomeLabels.put(outcome, outcome.name().toLowerCase(Locale.ROOT));
        }
    }

    /** Adds a gauge whose value is read at each scrape (what is in flight, what is not yet recorded). */
    void gauge(String name, String help, IntSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsInt()))
                .register(registry);
    }

    /** One answered request. */
    void request(String action, String errorCode, long nanos) {
        String label = action != null && actions.contains(action) ? action : OTHER_ACTION;
        requests.labelValues(label, errorCode == null ? SUCCESS : errorCode).inc();
        requestSeconds.labelValues(label).observe(nanos / 1e9);
    }

    @Override
    public void shardRead(String instanceId, ReadResult result, long nanos) {
        shardReads.labelValues(instanceId, result.name().toLowerCase(Locale.ROOT)).inc();
        if (result != ReadResult.TIMEOUT) {
            shardReadSeconds.observe(nanos / 1e9);
        }
    }

    @Override
    public void taskFinished(KillTask task) {
        tasks.labelValues(task.status().name().toLowerCase(Locale.ROOT)).inc();
        for (SessionOutcome outcome : task.outcomes()) {
            sessions.labelValues(outcomeLabels.get(outcome.outcome())).inc();
        }
    }

    @Override
    public void auditWritten(AuditWrite kind, long nanos, boolean durable) {
        String label = kind.name().toLowerCase(Locale.ROOT);
        auditSeconds.labelValues(label).observe(nanos / 1e9);
        if (!durable) {
            auditFailures.labelValues(label).inc();
        }
    }

    /** Every metric now, in the Prometheus text format (version 0.0.4). */
    byte[] scrape() {
        ByteArrayOutputStream text = new ByteArrayOutputStream(8192);
        try {
            writer.write(text, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return text.toByteArray();
    }
}
