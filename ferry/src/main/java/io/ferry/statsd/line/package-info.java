/**
 * The StatsD line protocol as statsd_exporter parses it: counters, gauges (absolute and relative),
 * timers, histograms and distributions, sample rates, multi-value lines, DogStatsD extended
 * aggregation, tags in DogStatsD, InfluxDB, Librato and SignalFX styles, and Ferry's sets.
 * {@link io.ferry.statsd.line.LineParser} turns bytes into {@link io.ferry.statsd.line.StatsdEvent}s
 * and counts every line it refuses in {@link io.ferry.statsd.line.ParseStats} by
 * {@link io.ferry.statsd.line.SampleError reason}.
 */
package io.ferry.statsd.line;
