package io.ferry.statsd.line;

/**
 * Why {@link LineParser} refused a line or one sample of it: the {@code reason} label of
 * {@code ferry_statsd_sample_errors_total}, with statsd_exporter's reason strings.
 *
 * <pre>{@code
 * stats.sampleErrors(SampleError.MALFORMED_VALUE);   // samples whose value was not a number
 * }</pre>
 */
public enum SampleError {
    /** No {@code :}, an empty name, or invalid UTF-8 anywhere in the line; the line is dropped. */
    MALFORMED_LINE("malformed_line"),
    /** DogStatsD tags beside tags in the name; the line is dropped. */
    MIXED_TAGGING_STYLES("mixed_tagging_styles"),
    /** No {@code |} after the first {@code :}; the line is dropped. */
    NOT_ENOUGH_PARTS_AFTER_COLON("not_enough_parts_after_colon"),
    /** Several values ({@code name:1:2|c}) with a type other than {@code ms}, {@code h}, {@code d}; the line is dropped. */
    INVALID_EXTENDED_AGGREGATE_TYPE("invalid_extended_aggregate_type"),
    /** Fewer than 2 or more than 6 {@code |}-separated parts, or an empty one; the sample is dropped. */
    MALFORMED_COMPONENT("malformed_component"),
    /** A value that is not a Go float (or, for a set, is empty); the sample is dropped. */
    MALFORMED_VALUE("malformed_value"),
    /**
     * A section that is not {@code @rate}, {@code #tags}, {@code c:id} or {@code T...} (sample
     * dropped); a rate that is not a number (counted, the sample kept with rate 1, as
     * statsd_exporter does); or a rate that leaves an observer with no observation, such as
     * {@code @2} (Ferry counts this drop, which statsd_exporter makes silently).
     */
    INVALID_SAMPLE_FACTOR("invalid_sample_factor"),
    /** A {@code c} section other than {@code c:<id>}; the sample is dropped. */
    MALFORMED_CONTAINER_ID("malformed_container_id"),
    /** A type other than {@code c}, {@code g}, {@code ms}, {@code h}, {@code d}, {@code s}; the sample is dropped. */
    ILLEGAL_EVENT("illegal_event");

    private final String reason;

    SampleError(String reason) {
        this.reason = reason;
    }

    /** The {@code reason} label value, statsd_exporter's. */
    public String reason() {
        return reason;
    }
}
