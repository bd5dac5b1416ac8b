package io.ferry.exposition;

import java.util.Locale;

/**
 * The exposition formats Ferry reads and writes, with their media types.
 *
 * <pre>{@code
 * ExpositionFormat f = Negotiation.choose(request.getHeader("Accept"));
 * byte[] body = f.writer().toBytes(families);
 * response.putHeader("Content-Type", f.contentType());
 * }</pre>
 */
public enum ExpositionFormat {
    /** Prometheus text format 0.0.4. */
    PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
    /** OpenMetrics 1.0 text. */
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    /** Varint-delimited {@code io.prometheus.client.MetricFamily} messages. */
    PROTOBUF("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");

    private final String contentType;

    ExpositionFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The Content-Type this format's output is served with. */
    public String contentType() {
        return contentType;
    }

    /** A parser that stops at the first problem. */
    public ExpositionParser parser(ParseLimits limits) {
        return parser(limits, false);
    }

    /**
     * A parser that, with {@code collectAllProblems}, reports every bad line at once (text formats;
     * a protobuf body cannot be resynchronised after an error, so it stops at the first).
     */
    public ExpositionParser parser(ParseLimits limits, boolean collectAllProblems) {
        return parser(limits, collectAllProblems, DuplicateSeries.REFUSE);
    }

    /** A parser that stops at the first problem and treats a repeated series as {@code duplicates} says. */
    public ExpositionParser parser(ParseLimits limits, DuplicateSeries duplicates) {
        return parser(limits, false, duplicates);
    }

    private ExpositionParser parser(ParseLimits limits, boolean collectAllProblems, DuplicateSeries duplicates) {
        return switch (this) {
            case PROMETHEUS_TEXT -> new PrometheusTextParser(limits, collectAllProblems, duplicates);
            case OPENMETRICS -> new OpenMetricsParser(limits, collectAllProblems, duplicates);
            case PROTOBUF -> new ProtobufParser(limits); // keeps every metric: protobuf has no line to refuse
        };
    }

    public ExpositionWriter writer() {
        return switch (this) {
            case PROMETHEUS_TEXT -> PrometheusTextWriter.INSTANCE;
            case OPENMETRICS -> OpenMetricsWriter.INSTANCE;
            case PROTOBUF -> ProtobufWriter.INSTANCE;
        };
    }

    /**
     * The format of a body with this Content-Type, by media type alone as Prometheus decides:
     * {@code application/openmetrics-text} is OpenMetrics, {@code application/vnd.google.protobuf}
     * is protobuf, and anything else, missing included, is text 0.0.4 (the Pushgateway's rule).
     */
    public static ExpositionFormat ofContentType(String contentType) {
        if (contentType == null) {
            return PROMETHEUS_TEXT;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return switch (media) {
            case "application/openmetrics-text" -> OPENMETRICS;
            case "application/vnd.google.protobuf" -> PROTOBUF;
            default -> PROMETHEUS_TEXT;
        };
    }
}
