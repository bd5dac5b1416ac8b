package io.ferry.otlp;

import io.ferry.liveness.ProducerLiveness;
import io.ferry.otlp.convert.ConversionOptions;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What OTLP ingest and its receivers are built with: {@code otlp:} in ferry.yml and the
 * {@code --otlp.*} flags (docs/otlp.md, docs/configuration.md), built by {@code config}.
 *
 * <pre>{@code
 * OtlpOptions o = OtlpOptions.DEFAULTS.withListeners("127.0.0.1:0", "");
 * }</pre>
 *
 * @param httpListenAddress  the OTLP/HTTP listener ({@code host:port}); {@code ""}: none
 *                           ({@code POST /v1/metrics} is served on the main port anyway)
 * @param grpcListenAddress  the OTLP/gRPC listener; {@code ""}: none
 * @param maxRequestBytes    the largest request, after decompression: larger is 413 / {@code RESOURCE_EXHAUSTED}
 * @param maxBytesInFlight   the most decoded request bytes being ingested at once; beyond, 429 / {@code UNAVAILABLE}
 * @param maxPointsInFlight  the most data points being ingested at once; beyond, 429 / {@code UNAVAILABLE}
 * @param retryAfter         what a refused client is told to wait ({@code Retry-After}, {@code RetryInfo})
 * @param maxDeltaStreams    the most delta streams whose ordering is tracked
 * @param conversion         how OTLP becomes Prometheus' model
 * @param liveness           the producers' {@code up}
 */
public record OtlpOptions(String httpListenAddress, String grpcListenAddress, long maxRequestBytes,
                          long maxBytesInFlight, long maxPointsInFlight, Duration retryAfter, int maxDeltaStreams,
                          ConversionOptions conversion, Liveness liveness) {

    /**
     * Producer liveness: each {@code service.instance.id} is a producer, with
     * {@code up{job, instance}} 1 while its last export is at most {@code every + grace} old.
     *
     * @param enabled      whether {@code up} is served for OTLP producers
     * @param every        the export interval; empty: learned from the exports ({@code auto})
     * @param grace        added to the interval before a producer is overdue
     * @param maxProducers the most producers tracked; more are counted and not tracked
     */
    public record Liveness(boolean enabled, Optional<Duration> every, Duration grace, int maxProducers) {
        public static final Liveness DEFAULTS = new Liveness(true, Optional.empty(), Duration.ofSeconds(30), 100_000);

        /** These as the mechanism's rules: no producer is expected, since service instances come and go. */
        public ProducerLiveness.Rules rules() {
            return enabled ? new ProducerLiveness.Rules(every, grace, List.of(), maxProducers) : ProducerLiveness.Rules.OFF;
        }
    }

    /** The defaults: OTLP/HTTP on {@code :4318}, OTLP/gRPC on {@code :4317}, 64 MiB requests. */
    public static final OtlpOptions DEFAULTS = new OtlpOptions(":4318", ":4317", 64L << 20, 256L << 20, 4_000_000,
            Duration.ofSeconds(1), 1_000_000, ConversionOptions.DEFAULTS, Liveness.DEFAULTS);

    /** No listener of its own: {@code POST /v1/metrics} on the main port only. */
    public static final OtlpOptions OFF = DEFAULTS.withListeners("", "");

    public OtlpOptions withListeners(String http, String grpc) {
        return new OtlpOptions(http, grpc, maxRequestBytes, maxBytesInFlight, maxPointsInFlight, retryAfter,
                maxDeltaStreams, conversion, liveness);
    }

    public OtlpOptions withLimits(long maxRequest, long maxBytes, long maxPoints) {
        return new OtlpOptions(httpListenAddress, grpcListenAddress, maxRequest, maxBytes, maxPoints, retryAfter,
                maxDeltaStreams, conversion, liveness);
    }

    public OtlpOptions withConversion(ConversionOptions c) {
        return new OtlpOptions(httpListenAddress, grpcListenAddress, maxRequestBytes, maxBytesInFlight,
                maxPointsInFlight, retryAfter, maxDeltaStreams, c, liveness);
    }

    public OtlpOptions withLiveness(Liveness l) {
        return new OtlpOptions(httpListenAddress, grpcListenAddress, maxRequestBytes, maxBytesInFlight,
                maxPointsInFlight, retryAfter, maxDeltaStreams, conversion, l);
    }
}
