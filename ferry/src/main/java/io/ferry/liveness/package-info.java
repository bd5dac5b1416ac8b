/**
 * Liveness: which groups and producers are expected to send and how often (configured or
 * learned), and the {@code up} series that says whether they did, beside the pushed groups on
 * {@code /metrics}. {@link io.ferry.liveness.PushLiveness} judges pushed groups from the store at
 * each scrape; {@link io.ferry.liveness.ProducerLiveness} judges producers that send on their own
 * (StatsD clients, OTLP service instances) from their events, for every route alike.
 */
package io.ferry.liveness;
