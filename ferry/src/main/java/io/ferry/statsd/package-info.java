/**
 * StatsD ingestion, compatible with statsd_exporter: the line protocol ({@code statsd.line}), the
 * mapping file ({@code statsd.mapping}), the series store ({@code statsd.series}), and the listeners
 * that feed them. Listeners (UDP, TCP, unixgram) hand batches of bytes to parse workers, which parse
 * them with {@link io.ferry.statsd.line.LineParser} into {@link io.ferry.statsd.line.StatsdEvent}s
 * and store each through {@link io.ferry.statsd.EventProcessor}; {@link io.ferry.statsd.StatsdService}
 * runs it all, with the producers' liveness. See {@code docs/statsd.md} and {@code README.md}'s
 * StatsD section.
 */
package io.ferry.statsd;
