package io.ferry.exposition;

import java.util.Locale;

/**
 * Chooses the response format from an {@code Accept} header and compression from
 * {@code Accept-Encoding}, honouring q-values.
 *
 * <pre>{@code
 * Negotiation.choose("application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3,*\/*;q=0.2")
 *     // OPENMETRICS
 * Negotiation.acceptsGzip("gzip, deflate")  // true
 * }</pre>
 *
 * <p>Among the entries Ferry can serve, the highest q wins and ties go to the earlier entry. A
 * protobuf entry counts only with {@code encoding=delimited} (the text encodings are not served).
 * When nothing acceptable is named, the answer is text 0.0.4, as client_golang and the Pushgateway do.
 *
 * <p>A server may leave OpenMetrics out of what it offers ({@link #choose(String, boolean)}), as the
 * Pushgateway does: Prometheus 2 stores {@code le} and {@code quantile} exactly as the body writes
 * them, and OpenMetrics writes them in canonical float form ({@code 1.0}) where text 0.0.4 writes
 * Go's shortest form ({@code 1}), so the format decides which series Prometheus 2 stores.
 */
public final class Negotiation {
    private Negotiation() {
    }

    /** The format to answer {@code accept} with, OpenMetrics included. */
    public static ExpositionFormat choose(String accept) {
        return choose(accept, true);
    }

    /**
     * The format to answer {@code accept} with; without {@code openMetrics}, an OpenMetrics entry
     * counts as not acceptable, so the next one the client names wins.
     */
    public static ExpositionFormat choose(String accept, boolean openMetrics) {
        if (accept == null || accept.isBlank()) {
            return ExpositionFormat.PROMETHEUS_TEXT;
        }
        ExpositionFormat best = null;
        double bestQ = 0;
        for (String entry : accept.split(",")) {
            String[] parts = entry.split(";");
            String media = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            String encoding = null;
            String proto = null;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = unquote(p.substring(eq + 1).trim());
                switch (key) {
                    case "q" -> q = parseQ(value);
                    case "encoding" -> encoding = value;
                    case "proto" -> proto = value;
                    default -> { }
                }
            }
            ExpositionFormat f = switch (media) {
                case "application/vnd.google.protobuf" ->
                        "delimited".equals(encoding) && (proto == null || "io.prometheus.client.MetricFamily".equals(proto))
                                ? ExpositionFormat.PROTOBUF : null;
                case "application/openmetrics-text" -> openMetrics ? ExpositionFormat.OPENMETRICS : null;
                case "text/plain", "text/*", "*/*" -> ExpositionFormat.PROMETHEUS_TEXT;
                default -> null;
            };
            if (f != null && q > bestQ) {
                best = f;
                bestQ = q;
            }
        }
        return best == null ? ExpositionFormat.PROMETHEUS_TEXT : best;
    }

    /** Whether {@code Accept-Encoding} allows gzip: named, or through {@code *}, with a q above zero. */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        double gzip = -1;
        double star = -1;
        for (String entry : acceptEncoding.split(",")) {
            String[] parts = entry.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    q = parseQ(p.substring(2).trim());
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = Math.max(gzip, q);
            } else if (coding.equals("*")) {
                star = q;
            }
        }
        return gzip >= 0 ? gzip > 0 : star > 0;
    }

    private static double parseQ(String s) {
        try {
            double q = Double.parseDouble(s);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"' ? s.substring(1, s.length() - 1) : s;
    }
}
