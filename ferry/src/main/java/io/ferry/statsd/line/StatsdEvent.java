package io.ferry.statsd.line;

import io.ferry.model.Labels;

/**
 * One parsed StatsD sample, as {@link LineParser} hands it on.
 *
 * <pre>{@code
 * // "api.latency:250|ms|@0.5|#env:prod" gives
 * new StatsdEvent(MetricKind.OBSERVER, "api.latency", 0.25, false, 2, null, Labels.of("env", "prod"));
 * }</pre>
 *
 * <p>Immutable, so safe to hand to another thread.
 *
 * @param kind     counter, gauge, observer or set
 * @param name     the StatsD name as sent with its tags removed, not escaped (escaping and mapping
 *                 come later); may be empty when SignalFX tags were all of it
 * @param value    a counter's increment after dividing by the sample rate; a gauge's value (or
 *                 delta when {@code relative}); an observation, {@code ms} divided by 1000 into
 *                 seconds; 0 for a set
 * @param relative true for a gauge whose value was sent with a sign ({@code +4}, {@code -10}): add
 *                 it rather than set it; false for every other kind
 * @param repeat   how many observations this event stands for: {@code int(1/rate)} for an observer
 *                 sampled at {@code rate} (as statsd_exporter repeats it), at least 1; 1 for the
 *                 other kinds
 * @param member   a set's member, the value text as sent; null for the other kinds
 * @param tags     the tags, keys escaped as statsd_exporter escapes them, the last of a repeated key
 *                 winning, with {@code container_id} from DogStatsD's {@code |c:} section
 */
public record StatsdEvent(MetricKind kind, String name, double value, boolean relative,
        int repeat, String member, Labels tags) {
}
