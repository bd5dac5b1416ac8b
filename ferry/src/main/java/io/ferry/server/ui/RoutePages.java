package io.ferry.server.ui;

import io.ferry.liveness.Health;
import io.ferry.liveness.ProducerQuery;
import io.ferry.liveness.ProducerView;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.TunnelClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tunnel, StatsD and OTLP pages: each route's producers with their history strips, and what
 * its listener counted. A route that is off says so in one line. Stateless.
 */
final class RoutePages {
    private RoutePages() {
    }

    /**
     * {@code <prefix>/tunnel}: each registered client (fqdn, owner, connected, last poll, labels,
     * declared targets) with its producer's health and strip ({@code job="tunnel", instance=<fqdn>}).
     */
    static void tunnel(Html h, List<TunnelClient> clients, List<ProducerView> producers, Query q) {
        Map<String, ProducerView> byFqdn = new HashMap<>();
        producers.forEach(p -> byFqdn.put(p.instance(), p));
        h.element("p", clients.size() + (clients.size() == 1 ? " registered client." : " registered clients.")).nl();
        if (clients.isEmpty()) {
            return;
        }
        h.open("table", "class", "clients").nl().open("tr");
        for (String c : new String[]{"Client", "Health", "Owner", "Connected", "Last poll", "Labels", "Targets", "History"}) {
            h.element("th", c);
        }
        h.close("tr").nl();
        for (TunnelClient c : clients.stream().sorted((a, b) -> a.fqdn().compareTo(b.fqdn())).toList()) {
            ProducerView p = byFqdn.get(c.fqdn());
            String health = (p == null ? (c.connected() ? Health.UP : Health.DOWN) : p.health()).label();
            h.open("tr", "class", "producer", "data-route", "tunnel", "data-health", health)
                    .element("td", c.fqdn(), "class", "mono")
                    .open("td").element("span", health, "class", "badge health-" + health).close("td")
                    .element("td", c.owner().isEmpty() ? "(open)" : c.owner())
                    .element("td", c.connected() ? "yes" : "no")
                    .element("td", c.lastPoll() == null ? "never" : Text.ago(c.lastPoll().toEpochMilli(), q.nowMillis()))
                    .element("td", Text.labels(Labels.of(new TreeMap<>(c.labels()))), "class", "labels")
                    .element("td", targets(c.targets()), "class", "mono").open("td");
            Svg.strip(h, p == null ? List.of() : p.history());
            h.close("td").close("tr").nl();
        }
        h.close("table").nl();
    }

    private static String targets(List<DeclaredTarget> targets) {
        if (targets.isEmpty()) {
            return "(any: PushProx client)";
        }
        StringBuilder s = new StringBuilder();
        for (DeclaredTarget t : targets) {
            s.append(s.isEmpty() ? "" : ", ").append(':').append(t.port()).append(t.path());
        }
        return s.toString();
    }

    /** {@code <prefix>/statsd} and {@code <prefix>/otlp}: the route's producers, then its listener's counters. */
    static void producers(Html h, String what, List<ProducerView> producers, List<MetricFamily> own, String prefix,
                          Query q) {
        h.element("h2", what + " (" + producers.size() + ")").nl();
        ProducerTable.render(h, producers.stream().sorted(ProducerQuery.ORDER).toList(), q, false,
                "No " + what.toLowerCase(java.util.Locale.ROOT) + " seen yet.");
        h.element("h2", "Received").nl();
        Counters.table(h, own, prefix);
    }
}
