package io.ferry.scrape.discovery;

import io.ferry.model.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** tunnel_sd from a registry held in the test: the targets and labels of each kind of client, filtering, changes. */
class TunnelDiscovererTest {
    private final ScheduledExecutorService executor = Discoverers.newExecutor();
    private final Registry registry = new Registry();
    private final Updates updates = new Updates();
    private TunnelDiscoverer discoverer;

    @AfterEach
    void stop() {
        if (discoverer != null) {
            discoverer.close();
        }
        executor.shutdownNow();
    }

    /** A registry whose clients the test sets; it calls back on the setting thread, as a proxy may. */
    static final class Registry implements TunnelRegistry {
        private volatile Consumer<List<Client>> watcher;
        private volatile List<Client> clients = List.of();
        final AtomicInteger closed = new AtomicInteger();

        void set(Client... cs) {
            clients = List.of(cs);
            Consumer<List<Client>> w = watcher;
            if (w != null) {
                w.accept(clients);
            }
        }

        @Override
        public Watch watch(Consumer<List<Client>> onChange) {
            watcher = onChange;
            onChange.accept(clients);
            return () -> {
                watcher = null;
                closed.incrementAndGet();
            };
        }
    }

    private void start(String... patterns) {
        discoverer = new TunnelDiscoverer(new TunnelSd(List.of(patterns)), registry, executor);
        discoverer.start(updates);
    }

    @Test
    void aClientWithDeclaredTargetsIsOneTargetPerPortWithItsPathAndLabels() throws Exception {
        registry.set(new TunnelRegistry.Client("gw.site-a", "token:site-a", Map.of("site", "a"),
                List.of(new TunnelRegistry.Target(9091, "/metrics"), new TunnelRegistry.Target(9100, "")), true));
        start();
        TargetGroup g = updates.await("gw.site-a", s -> s.containsKey("gw.site-a")).get("gw.site-a");
        assertThat(g.targets()).containsExactly(
                Labels.of("__address__", "gw.site-a:9091", "__metrics_path__", "/metrics"),
                Labels.of("__address__", "gw.site-a:9100"));
        assertThat(g.labels()).isEqualTo(Labels.of(Map.of("site", "a", "__meta_tunnel_fqdn", "gw.site-a",
                "__meta_tunnel_owner", "token:site-a", "__meta_tunnel_connected", "true")));
    }

    @Test
    void aPushProxClientIsItsBareFqdn() throws Exception {
        registry.set(new TunnelRegistry.Client("host-1", "", Map.of(), List.of(), false));
        start();
        TargetGroup g = updates.await("host-1", s -> s.containsKey("host-1")).get("host-1");
        assertThat(g.targets()).containsExactly(Labels.of("__address__", "host-1"));
        assertThat(g.labels()).isEqualTo(Labels.of("__meta_tunnel_fqdn", "host-1", "__meta_tunnel_owner", "",
                "__meta_tunnel_connected", "false"));
    }

    @Test
    void onlyClientsTheFqdnPatternsMatch() throws Exception {
        registry.set(client("gw.site-a"), client("db.site-a"), client("gw.site-b"), client("site-a"));
        start("*.site-a");
        assertThat(updates.await("two", s -> s.size() == 2).keySet()).containsExactly("db.site-a", "gw.site-a");
    }

    @Test
    void clientsThatComeAndGoAreAddedAndRemovedAndCloseStopsTheWatch() throws Exception {
        start();
        updates.awaitCalls(1);
        assertThat(updates.state()).isEmpty();
        registry.set(client("a"), client("b"));
        updates.await("a and b", s -> s.keySet().equals(java.util.Set.of("a", "b")));
        registry.set(client("b"));
        updates.await("b alone", s -> s.keySet().equals(java.util.Set.of("b")));
        discoverer.close();
        assertThat(registry.closed).hasValue(1);
        int calls = updates.calls();
        registry.set(client("c")); // no watcher: nothing can arrive
        Thread.sleep(TunnelDiscoverer.COALESCE_MILLIS + 200);
        assertThat(updates.calls()).isEqualTo(calls);
        discoverer = null;
    }

    @Test
    void aBurstOfChangesIsPublishedAsItsLastState() throws Exception {
        start();
        updates.awaitCalls(1);
        for (int i = 0; i < 500; i++) {
            registry.set(client("c" + i));
        }
        updates.await("the last", s -> s.keySet().equals(java.util.Set.of("c499")));
        // At most one publication per second after the first: far fewer calls than changes.
        assertThat(updates.calls()).isLessThan(20);
    }

    private static TunnelRegistry.Client client(String fqdn) {
        return new TunnelRegistry.Client(fqdn, "", Map.of(), List.of(new TunnelRegistry.Target(9100, "/metrics")), true);
    }
}
