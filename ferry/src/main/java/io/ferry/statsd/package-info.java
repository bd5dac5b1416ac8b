/**
 * StatsD ingestion, compatible with statsd_exporter: the line protocol ({@code statsd.line}), the
 * mapping file, the series store, and the listeners that feed them. Lines are parsed from bytes by
 * {@link io.ferry.statsd.line.LineParser} into {@link io.ferry.statsd.line.StatsdEvent}s. See
 * {@code docs/statsd.md} where present, and {@code README.md}'s StatsD section.
 */
package io.ferry.statsd;
