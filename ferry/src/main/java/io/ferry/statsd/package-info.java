/**
 * StatsD ingestion, statsd_exporter-compatible: the listeners (UDP, TCP, unixgram), the parse
 * workers, events into series ({@link io.ferry.statsd.EventProcessor}), the producers' liveness,
 * and the service that runs them ({@link io.ferry.statsd.StatsdService}). The line protocol is in
 * {@code statsd.line}, the mapping file and the mapper in {@code statsd.mapping}, the series store
 * in {@code statsd.series}.
 */
package io.ferry.statsd;
