package io.ferry.tunnel.proxy;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Histogram;
import io.ferry.telemetry.Registry;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The proxy's own metrics: PushProx's {@code pushprox_proxy_clients} and Ferry's
 * {@code ferry_tunnel_*}. Built by {@link TunnelProxy}; handlers count their refusals here.
 *
 * <pre>{@code
 * proxy.metrics().refused(Refusal.TOO_LARGE);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ProxyMetrics {
    private static final double[] WAIT_BUCKETS = {.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60};
    private static final List<String> RESULTS = List.of("ok", "timeout", "queue_full", "closed", "cancelled");

    private final Counter refused;
    private final Counter scrapes;
    private final Histogram waited;
    private final Histogram took;

    ProxyMetrics(Registry registry, IntSupplier clients, IntSupplier connected, IntSupplier pollsWaiting,
                 IntSupplier scrapesWaiting) {
        refused = registry.counter("ferry_tunnel_refused_total",
                "Requests the tunnel refused, by reason: unauthenticated, out_of_scope, takeover, wrong_client, "
                        + "unknown_id, bad_poll, bad_push, too_large, queue_full.", "reason");
        for (Refusal r : Refusal.values()) {
            refused.labels(r.label());
        }
        scrapes = registry.counter("ferry_tunnel_scrapes_total",
                "Scrapes through the tunnel proxy, by result: ok (a client pushed the response), timeout, "
                        + "queue_full, closed (the proxy stopped), cancelled (the scraper went away).", "result");
        for (String r : RESULTS) {
            scrapes.labels(r);
        }
        waited = registry.histogram("ferry_tunnel_scrape_wait_seconds",
                "Time a scrape through the tunnel waited for its client's poll to take it.", WAIT_BUCKETS);
        took = registry.histogram("ferry_tunnel_scrape_duration_seconds",
                "Time from a scrape's arrival at the tunnel proxy to its client's pushed response.", WAIT_BUCKETS);
        registry.register(() -> List.of(
                gauge("pushprox_proxy_clients", "Number of known pushprox clients.", clients.getAsInt()),
                gauge("ferry_tunnel_clients", "Tunnel clients listed in /clients (polling, or polled within "
                        + "tunnel.registration_timeout).", clients.getAsInt()),
                gauge("ferry_tunnel_clients_connected", "Tunnel clients with a poll open now or just answered.",
                        connected.getAsInt()),
                gauge("ferry_tunnel_polls_waiting", "Polls held open, waiting for a scrape.", pollsWaiting.getAsInt()),
                gauge("ferry_tunnel_scrapes_waiting", "Scrapes waiting for a poll or a push.",
                        scrapesWaiting.getAsInt())));
    }

    /** Counts one refusal. */
    public void refused(Refusal reason) {
        refused.labels(reason.label()).inc();
    }

    void scraped(String result) {
        scrapes.labels(result).inc();
    }

    void waited(Duration d) {
        waited.observe(seconds(d));
    }

    void took(Duration d) {
        took.observe(seconds(d));
    }

    private static double seconds(Duration d) {
        return Math.max(0, d.toNanos() / 1e9);
    }

    private static MetricFamily gauge(String name, String help, double value) {
        return new MetricFamily(name, MetricType.GAUGE, help, null, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }
}
