/**
 * The StatsD series store: counters, gauges, histograms, summaries and sets fed by StatsD events,
 * kept compactly (a few hundred bytes per series) and rendered as {@link io.ferry.model.MetricFamily}
 * values with statsd_exporter's registry semantics (one name one type, TTL expiry).
 */
package io.ferry.statsd.series;
