package io.ferry.tunnel.client;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tunnel client's own metrics: PushProx's client counters under their names, so dashboards made
 * for PushProx keep working, and Ferry's by fqdn. Every series is present at 0 from the start.
 *
 * <pre>{@code
 * ClientMetrics m = new ClientMetrics(registry, List.of("gw"));
 * m.scraped("gw", ClientMetrics.Result.REFUSED);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ClientMetrics {
    /** How a scrape handed to the client ended, the {@code result} label. */
    public enum Result {
        /** The target answered (with any status) and the answer was pushed. */
        SUCCESS,
        /** The target could not be scraped (refused connection, timeout, body too large): pushed as a 500. */
        FAILED,
        /** The allow-list refused it: pushed as a 403. */
        REFUSED,
        /** The request had no usable scrape timeout: pushed as a 500, as PushProx does. */
        BAD_REQUEST;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why a poll failed, the {@code reason} label. */
    public enum PollFailure {
        /** No answer: the proxy could not be reached, the connection broke, the poll timed out. */
        UNREACHABLE,
        /** 401 or 403 (no or wrong credentials, fqdn out of the token's scope) or 409 (another client's fqdn). */
        REFUSED,
        /** Any other status, such as a load balancer's 502 or 504. */
        STATUS,
        /** A 200 whose body is not a scrape request. */
        BAD_ANSWER,
        /** The token file could not be read: nothing was sent. */
        CREDENTIALS;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Counter scrapeErrors;
    private final Counter pushErrors;
    private final Counter pollErrors;
    private final Counter scrapes;
    private final Counter pollFailures;
    private final Counter renewals;
    private final Map<String, AtomicBoolean> connected = new TreeMap<>();

    public ClientMetrics(Registry registry, List<String> fqdns) {
        scrapeErrors = registry.counter("pushprox_client_scrape_errors_total", "Number of scrape errors");
        pushErrors = registry.counter("pushprox_client_push_errors_total", "Number of push errors");
        pollErrors = registry.counter("pushprox_client_poll_errors_total", "Number of poll errors");
        scrapes = registry.counter("ferry_tunnel_client_scrapes_total",
                "Scrapes the proxy handed to this client, by fqdn and result (refused: by the allow-list).",
                "fqdn", "result");
        pollFailures = registry.counter("ferry_tunnel_client_poll_failures_total",
                "Polls that failed, by fqdn and reason; each is followed by a backoff.", "fqdn", "reason");
        renewals = registry.counter("ferry_tunnel_client_poll_renewals_total",
                "Polls the proxy answered 204 (no scrape within the renew time), by fqdn.", "fqdn");
        for (String fqdn : fqdns) {
            connected.put(fqdn, new AtomicBoolean());
            renewals.labels(fqdn);
            for (Result r : Result.values()) {
                scrapes.labels(fqdn, r.label());
            }
            for (PollFailure f : PollFailure.values()) {
                pollFailures.labels(fqdn, f.label());
            }
        }
        registry.register(this::connectedFamily);
    }

    void scraped(String fqdn, Result result) {
        scrapes.labels(fqdn, result.label()).inc();
        if (result == Result.FAILED || result == Result.BAD_REQUEST) {
            scrapeErrors.inc();
        }
    }

    void pushFailed() {
        pushErrors.inc();
    }

    void pollFailed(String fqdn, PollFailure reason) {
        pollErrors.inc();
        pollFailures.labels(fqdn, reason.label()).inc();
        connected.get(fqdn).set(false);
    }

    /** A poll answered as the protocol says (200 with a request, or 204). */
    void pollAnswered(String fqdn, boolean renewed) {
        connected.get(fqdn).set(true);
        if (renewed) {
            renewals.labels(fqdn).inc();
        }
    }

    void disconnected(String fqdn) {
        connected.get(fqdn).set(false);
    }

    /** Whether {@code fqdn}'s last poll was answered as the protocol says. */
    public boolean connected(String fqdn) {
        AtomicBoolean c = connected.get(fqdn);
        return c != null && c.get();
    }

    private List<MetricFamily> connectedFamily() {
        List<Metric> metrics = new ArrayList<>(connected.size());
        connected.forEach((fqdn, c) -> metrics.add(ValueMetric.of(Labels.of("fqdn", fqdn), c.get() ? 1 : 0)));
        return List.of(new MetricFamily("ferry_tunnel_client_connected", MetricType.GAUGE,
                "1 while the fqdn's last poll was answered as the protocol says (a scrape or a renewal), else 0.",
                null, metrics));
    }
}
