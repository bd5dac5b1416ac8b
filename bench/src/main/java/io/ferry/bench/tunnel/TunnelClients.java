package io.ferry.bench.tunnel;

import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.tunnel.client.AllowList;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.client.TunnelClientService;
import io.ferry.tunnel.client.TunnelTarget;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clients' side of the tunnel benchmark, in a process of its own: the target server, and
 * CLIENTS fqdns polling the proxy through Ferry's own tunnel client ({@link TunnelClientService}),
 * fqdn {@code i} being {@link #fqdn}{@code (i)}, each with one allow-list entry that sends its
 * scrapes to the target server. The fqdns are split over services of FQDNS_PER_CLIENT (1,000) each (one
 * poll loop and connection per fqdn, two HTTP clients per service), so the proxy sees CLIENTS
 * connections polling as it would from as many hosts. Runs until it is killed, printing the
 * clients' counters every 30 s and at the end.
 *
 * <pre>
 * CLIENTS=10000 PROXY_URL=http://127.0.0.1:9400/ TARGET_PORT=0 \
 *   java -cp bench/target/benchmarks.jar io.ferry.bench.tunnel.TunnelClients
 * </pre>
 *
 * <p>Prints {@code target port N} once the target serves, and {@code clients started} once every
 * service runs.
 */
public final class TunnelClients {
    /** What every client's fqdn ends in (the scraper counts it in {@code /clients}). */
    static final String FQDN_SUFFIX = ".tunnel.bench";

    private TunnelClients() {
    }

    /** The fqdn of client {@code i}. */
    static String fqdn(int i) {
        return String.format(Locale.ROOT, "c%05d%s", i, FQDN_SUFFIX);
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(Env.get("CLIENTS", "10000"));
        // 1,000 rather than 100: the JDK client's pool keeps idle connections first in, first out, so
        // each burst leaves its extra connections open for good; ten pools ratchet far less than a
        // hundred (with 100 the process reached its 20,000 open files within four minutes).
        int perService = Integer.parseInt(Env.get("FQDNS_PER_CLIENT", "1000"));
        URI proxyUrl = URI.create(Env.get("PROXY_URL", null));
        TargetServer target = TargetServer.start("127.0.0.1", Integer.parseInt(Env.get("TARGET_PORT", "0")));
        System.out.println("target port " + target.port() + ": " + target.describe());
        AllowList allow = new AllowList(List.of(TunnelTarget.parse("http://127.0.0.1:" + target.port() + "/metrics")), false);
        // A registry per service: one registry keeps only the first of several families of one name.
        List<DefaultRegistry> registries = new ArrayList<>();
        List<TunnelClientService> services = new ArrayList<>();
        for (int first = 0; first < clients; first += perService) {
            List<String> fqdns = new ArrayList<>();
            for (int i = first; i < Math.min(clients, first + perService); i++) {
                fqdns.add(fqdn(i));
            }
            TunnelClientOptions options = TunnelClientOptions.of(proxyUrl, fqdns, allow);
            DefaultRegistry registry = new DefaultRegistry();
            registries.add(registry);
            services.add(TunnelClientService.start(options, Path.of(""), registry));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("at the end: " + counters(registries) + ", target served " + target.served());
            services.forEach(TunnelClientService::close);
            target.stop();
        }));
        System.out.println("clients started: " + clients + " fqdns in " + services.size() + " services");
        while (true) {
            Thread.sleep(30_000); // summing every fqdn's series costs a little CPU
            System.out.printf(Locale.ROOT, "%tT %s, target served %d%n", System.currentTimeMillis(), counters(registries),
                    target.served());
        }
    }

    /** The clients' counters summed over fqdns, by their other labels. */
    private static String counters(List<DefaultRegistry> registries) {
        Map<String, Double> sums = new TreeMap<>();
        for (DefaultRegistry registry : registries) {
            for (MetricFamily f : registry.collect()) {
                for (Metric m : f.metrics()) {
                    if (m instanceof ValueMetric v) {
                        String key = f.name() + v.labels().without("fqdn");
                        sums.merge(key, v.value(), Double::sum);
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder();
        sums.forEach((k, v) -> {
            if (v != 0) {
                b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(String.format(Locale.ROOT, "%.0f", v));
            }
        });
        return b.toString();
    }

}
