package io.ferry.liveness;

/**
 * The way a producer reaches Ferry. Its {@link #label()} is the {@code route} label of
 * {@code ferry_producer_last_seen_timestamp_seconds} and {@code ferry_producers}, and the
 * {@code route} parameter of {@code /api/v1/producers}.
 *
 * <pre>{@code
 * registry.seen(Route.STATSD, Labels.of("job", "statsd", "instance", "10.0.0.7"));
 * Route.STATSD.label();   // "statsd"
 * }</pre>
 */
public enum Route {
    SCRAPE, PUSH, TUNNEL, STATSD, OTLP;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name used in series labels and the API. */
    public String label() {
        return label;
    }

    /** The route of {@code label} ({@code "push"}), or null when none has it. */
    public static Route ofLabel(String label) {
        for (Route r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        return null;
    }
}
