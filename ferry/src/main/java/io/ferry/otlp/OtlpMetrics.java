package io.ferry.otlp;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.util.List;
import java.util.Map;

/**
 * OTLP ingest's own metrics, named the same whatever the transport ({@code transport} label:
 * {@code http}, {@code grpc}):
 * {@code ferry_otlp_exports_total{transport}}, {@code ferry_otlp_exports_refused_total{transport,reason}}
 * (the whole export refused: {@code too_large}, {@code bad_request}, {@code unsupported},
 * {@code overloaded}, {@code store_unavailable}), {@code ferry_otlp_data_points_received_total},
 * {@code ferry_otlp_data_points_rejected_total{reason}} (points left out of an accepted export),
 * and the bytes and points in flight.
 *
 * <pre>{@code
 * OtlpMetrics m = new OtlpMetrics(registry, options);   // before the push service learns Ferry's own types
 * OtlpIngest ingest = new OtlpIngest(store, push.checks(), pushLimits.labelLimits(), options, "up", m, clock);
 * m.refused("grpc", "too_large");
 * }</pre>
 *
 * <p>It holds the ingest's {@link Admission}, built from the options, whose bytes and points in
 * flight it reports.
 *
 * <p>Thread-safe.
 */
public final class OtlpMetrics {
    /** Why a whole export was refused; each is present at 0 from the start. */
    public static final List<String> REFUSALS = List.of("too_large", "bad_request", "unsupported", "overloaded",
            "store_unavailable");
    private static final List<String> TRANSPORTS = List.of("http", "grpc");

    private final Counter exports;
    private final Counter refused;
    private final Counter.Child received;
    private final Counter rejected;
    private final Counter.Child untrackedProducers;
    private final Admission admission;

    public OtlpMetrics(Registry registry, OtlpOptions options) {
        Admission admission = new Admission(options.maxBytesInFlight(), options.maxPointsInFlight());
        this.admission = admission;
        exports = registry.counter("ferry_otlp_exports_total", "OTLP export requests received, by transport.",
                "transport");
        refused = registry.counter("ferry_otlp_exports_refused_total", "OTLP export requests refused as a whole, "
                + "by transport and reason (too_large: 413 / RESOURCE_EXHAUSTED; bad_request, unsupported: 400, 415 / "
                + "INVALID_ARGUMENT; overloaded: 429 / UNAVAILABLE; store_unavailable: 503 / UNAVAILABLE).",
                "transport", "reason");
        for (String t : TRANSPORTS) {
            exports.labels(t);
            REFUSALS.forEach(r -> refused.labels(t, r));
        }
        received = registry.counter("ferry_otlp_data_points_received_total",
                "OTLP data points received in exports that were admitted.").labels();
        rejected = registry.counter("ferry_otlp_data_points_rejected_total",
                "OTLP data points left out of an accepted export (answered as partial success), by reason.", "reason");
        untrackedProducers = registry.counter("ferry_otlp_liveness_untracked_total",
                "OTLP exports of producers not tracked for liveness, beyond otlp.liveness.max_producers.").labels();
        registry.register(() -> List.of(
                gauge("ferry_otlp_bytes_in_flight", "Decoded OTLP request bytes being ingested, against "
                        + "otlp.max_bytes_in_flight.", admission.bytesInFlight()),
                gauge("ferry_otlp_data_points_in_flight", "OTLP data points being ingested, against "
                        + "otlp.max_points_in_flight.", admission.pointsInFlight())));
    }

    /** Counts an export request arriving by {@code transport}. */
    public void export(String transport) {
        exports.labels(transport).inc();
    }

    /** Counts an export refused as a whole. */
    public void refused(String transport, String reason) {
        refused.labels(transport, reason).inc();
    }

    void received(long points) {
        received.inc(points);
    }

    void rejected(Map<String, Long> byReason) {
        byReason.forEach((reason, n) -> rejected.labels(reason).inc(n));
    }

    Admission admission() {
        return admission;
    }

    Counter.Child untrackedProducers() {
        return untrackedProducers;
    }

    private static MetricFamily gauge(String name, String help, double value) {
        return new MetricFamily(name, MetricType.GAUGE, help, null, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }
}
