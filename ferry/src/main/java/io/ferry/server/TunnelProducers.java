package io.ferry.server;

import io.ferry.liveness.ProducerLiveness;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.Route;
import io.ferry.model.Labels;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.ferry.tunnel.proxy.TunnelClient;
import io.ferry.tunnel.proxy.TunnelProxy;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tunnel route's feed of the producer registry: every client the proxy lists is a producer
 * {@code {job="tunnel", instance="<fqdn>"}}, reported ok while it is connected (a poll open, or
 * one ended less than {@link TunnelProxy#CONNECTED_GRACE} ago) and failed, at the time it
 * stopped being connected, once it is not; forgotten when the proxy stops listing it
 * ({@code registration_timeout} after its last poll). The registry runs {@link #refresh} at each reading of the route (each scrape of
 * {@code /metrics}, API call, page), so what it shows is the proxy's listing then. Expected every
 * {@link #EVERY} with as much grace. Their {@code up} and
 * {@code ferry_tunnel_last_seen_timestamp_seconds} are served by the route's view, {@link #liveness}.
 *
 * <pre>{@code
 * ProducerLiveness view = TunnelProducers.liveness(producers, "up", options);   // its families on /metrics
 * producers.reconcileWith(Route.TUNNEL, new TunnelProducers(proxy, producers, Clock.systemUTC())::refresh);
 * }</pre>
 *
 * <p>Thread-safe: {@link #refresh} is serialised; it costs one {@link TunnelProxy#clients()} and
 * one registry report per client.
 */
final class TunnelProducers {
    /** How often a tunnel client is expected, and its grace. */
    static final Duration EVERY = Duration.ofSeconds(30);
    static final String JOB = "tunnel";
    static final String LAST_SEEN = "ferry_tunnel_last_seen_timestamp_seconds";
    private static final String UP_HELP = "1 when the tunnel client is connected (a poll open, or one ended less than "
            + "10s ago); 0 once it stopped polling, until the proxy stops listing it.";
    private static final String LAST_SEEN_HELP = "Unix time the tunnel client was last seen connected; 0 for never.";

    private final TunnelProxy proxy;
    private final ProducerRegistry registry;
    private final Clock clock;

    TunnelProducers(TunnelProxy proxy, ProducerRegistry registry, Clock clock) {
        this.proxy = proxy;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The tunnel route's view of {@code registry}, which sets its rules (every {@link #EVERY}, as
     * much grace, at most {@code max_clients}; off when the proxy is) and serves {@code up} (named
     * {@code upName}, {@code push.liveness_metric}) and the last-seen gauge of its clients.
     */
    static ProducerLiveness liveness(ProducerRegistry registry, String upName, ProxyOptions options) {
        ProducerLiveness.Rules rules = options.enabled()
                ? new ProducerLiveness.Rules(Optional.of(EVERY), EVERY, List.of(), options.maxClients())
                : ProducerLiveness.Rules.OFF;
        return new ProducerLiveness(registry, Route.TUNNEL, new ProducerLiveness.Names(upName, UP_HELP, LAST_SEEN,
                LAST_SEEN_HELP), rules, () -> { });
    }

    /** The producer's labels of the client polling for {@code fqdn}. */
    static Labels labels(String fqdn) {
        return Labels.of("job", JOB, "instance", fqdn);
    }

    /**
     * Reports every listed client's state now and forgets those no longer listed. Idempotent: a
     * client no longer connected is reported failed at the time it stopped counting as connected
     * (its last poll plus {@link TunnelProxy#CONNECTED_GRACE}), the same time at every call.
     */
    synchronized void refresh() {
        // Read before the listing, so an ok report is never later than the failure that follows it.
        long now = clock.millis();
        List<TunnelClient> clients = proxy.clients();
        Set<String> listed = new HashSet<>();
        for (TunnelClient c : clients) {
            listed.add(c.fqdn());
            if (c.connected()) {
                registry.report(Route.TUNNEL, labels(c.fqdn()), now, true, "");
            } else {
                registry.report(Route.TUNNEL, labels(c.fqdn()), c.lastPoll().plus(TunnelProxy.CONNECTED_GRACE).toEpochMilli(),
                        false, "not polling since " + c.lastPoll());
            }
        }
        registry.retain(Route.TUNNEL, l -> listed.contains(l.get("instance")));
    }
}
