package io.ferry.server;

import io.ferry.liveness.Expectation;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.Route;
import io.ferry.liveness.RouteRules;
import io.ferry.model.Labels;
import io.ferry.tunnel.proxy.TunnelClient;
import io.ferry.tunnel.proxy.TunnelProxy;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tunnel route's feed of the producer registry: every client the proxy lists is a producer
 * {@code {job="tunnel", instance="<fqdn>"}}, reported ok while it is connected (a poll open, or
 * one ended less than {@link TunnelProxy#CONNECTED_GRACE} ago) and failed once when it stops
 * being connected; forgotten when the proxy stops listing it ({@code registration_timeout} after
 * its last poll). Expected every {@link #EXPECTATION}'s interval with its grace, a backstop should
 * a refresh not come.
 *
 * <pre>{@code
 * TunnelProducers feed = new TunnelProducers(proxy, producers, Clock.systemUTC());
 * executor.scheduleWithFixedDelay(feed::refresh, 0, TunnelProducers.PERIOD.toMillis(), MILLISECONDS);
 * }</pre>
 *
 * <p>Thread-safe: {@link #refresh} is serialised; it costs one {@link TunnelProxy#clients()} and
 * one registry report per client.
 */
final class TunnelProducers {
    /** How often {@link #refresh} should run: how far a connected client's last-seen time lags. */
    static final Duration PERIOD = Duration.ofSeconds(5);
    /** A tunnel client's expectation: every 30 s, 30 s of grace. */
    static final Expectation EXPECTATION = Expectation.every(Duration.ofSeconds(30), Duration.ofSeconds(30));
    static final String JOB = "tunnel";

    private final TunnelProxy proxy;
    private final ProducerRegistry registry;
    private final Clock clock;
    private Set<String> connected = Set.of();

    TunnelProducers(TunnelProxy proxy, ProducerRegistry registry, Clock clock) {
        this.proxy = proxy;
        this.registry = registry;
        this.clock = clock;
        registry.rules(Route.TUNNEL, RouteRules.all(EXPECTATION, List.of(), proxy.options().maxClients()));
    }

    /** The producer's labels of the client polling for {@code fqdn}. */
    static Labels labels(String fqdn) {
        return Labels.of("job", JOB, "instance", fqdn);
    }

    /** Reports every listed client's state now and forgets those no longer listed. */
    synchronized void refresh() {
        List<TunnelClient> clients = proxy.clients();
        long now = clock.millis();
        Set<String> listed = new HashSet<>();
        Set<String> connectedNow = new HashSet<>();
        for (TunnelClient c : clients) {
            listed.add(c.fqdn());
            if (c.connected()) {
                connectedNow.add(c.fqdn());
                registry.report(Route.TUNNEL, labels(c.fqdn()), now, true, "");
            } else if (connected.contains(c.fqdn())) {
                registry.report(Route.TUNNEL, labels(c.fqdn()), now, false, "not polling since " + c.lastPoll());
            }
        }
        connected = connectedNow;
        registry.retain(Route.TUNNEL, l -> listed.contains(l.get("instance")));
    }
}
