package io.ferry.statsd.line;

/**
 * Which tag styles {@link LineParser} reads; each is statsd_exporter's
 * {@code --statsd.parse-<style>-tags} flag. A style switched off leaves its syntax in the name (or,
 * for DogStatsD's {@code |#} section, ignores it), as statsd_exporter does.
 *
 * <pre>{@code
 * new LineParser(TagStyles.ALL, stats);
 * new LineParser(new TagStyles(true, false, false, false), stats);   // DogStatsD tags only
 * }</pre>
 *
 * @param dogstatsd {@code name:1|c|#key:value,key2:value2}
 * @param influxdb  {@code name,key=value,key2=value2:1|c}
 * @param librato   {@code name#key=value,key2=value2:1|c}
 * @param signalfx  {@code name[key=value,key2=value2]rest:1|c}
 */
public record TagStyles(boolean dogstatsd, boolean influxdb, boolean librato, boolean signalfx) {
    /** Every style, statsd_exporter's default. */
    public static final TagStyles ALL = new TagStyles(true, true, true, true);
    /** No style: names are kept as sent. */
    public static final TagStyles NONE = new TagStyles(false, false, false, false);
}
