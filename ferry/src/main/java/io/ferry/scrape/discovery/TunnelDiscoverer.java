package io.ferry.scrape.discovery;

import io.ferry.model.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One {@code tunnel_sd_configs} item: the tunnel clients of a {@link TunnelRegistry} whose fqdn the
 * item matches, one group per client (its source is the fqdn). A client that declared targets has
 * one target per declared one, {@code __address__} {@code fqdn:port} and, when it declared a path,
 * {@code __metrics_path__}; a client that declared none (PushProx's) is one target, its bare fqdn.
 * The group's labels are the client's declared labels and {@code __meta_tunnel_fqdn},
 * {@code __meta_tunnel_owner} and {@code __meta_tunnel_connected} ({@code "true"}/{@code "false"}).
 *
 * <pre>{@code
 * Discoverer d = new TunnelDiscoverer(new TunnelSd(List.of("*.site-a")), registry, sdExecutor);
 * d.start(groups -> pool.update(groups));
 * }</pre>
 *
 * <p>The registry's changes are taken in at once and published from {@code executor}, at most one
 * publication per {@value #COALESCE_MILLIS} ms: a busy registry (polls open and close with every
 * scrape) neither blocks its own thread on the scrape pool nor has every target rebuilt per poll, as
 * Prometheus' discovery manager too sends updates at most every few seconds. The first list is
 * published at once. A client stays a target while it is registered, connected or not, so a client
 * that stopped polling is scraped, fails, and has {@code up} 0 until its registration expires.
 * Thread-safe.
 */
public final class TunnelDiscoverer implements Discoverer {
    static final long COALESCE_MILLIS = 1000;

    private final TunnelSd config;
    private final TunnelRegistry registry;
    private final ScheduledExecutorService executor;
    private final GroupPublisher publisher = new GroupPublisher();
    private final AtomicReference<List<TunnelRegistry.Client>> latest = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean published;
    private TunnelRegistry.Watch watch;

    public TunnelDiscoverer(TunnelSd config, TunnelRegistry registry, ScheduledExecutorService executor) {
        this.config = config;
        this.registry = registry;
        this.executor = executor;
    }

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
        publisher.start(updates);
        TunnelRegistry.Watch w = registry.watch(this::changed);
        synchronized (this) {
            watch = w;
        }
    }

    /** The registry's callback: keeps the list and schedules one publication if none is waiting. */
    private void changed(List<TunnelRegistry.Client> clients) {
        latest.set(clients);
        if (pending.compareAndSet(false, true)) {
            long delay = published ? COALESCE_MILLIS : 0;
            try {
                executor.schedule(this::publish, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                pending.set(false); // shutting down: nothing more to publish
            }
        }
    }

    private void publish() {
        pending.set(false); // before reading: a change from now on schedules another publication
        published = true;
        if (!publisher.closed()) {
            publisher.publishAll(groups(config, latest.get()));
        }
    }

    /** The groups of the clients {@code config} matches, in the registry's order. */
    static List<TargetGroup> groups(TunnelSd config, List<TunnelRegistry.Client> clients) {
        List<TargetGroup> out = new ArrayList<>();
        for (TunnelRegistry.Client c : clients) {
            if (config.matches(c.fqdn())) {
                out.add(group(c));
            }
        }
        return out;
    }

    private static TargetGroup group(TunnelRegistry.Client c) {
        List<Labels> targets = new ArrayList<>();
        if (c.targets().isEmpty()) {
            targets.add(Labels.of("__address__", c.fqdn()));
        }
        for (TunnelRegistry.Target t : c.targets()) {
            String address = c.fqdn() + ":" + t.port();
            targets.add(t.path().isEmpty() ? Labels.of("__address__", address)
                    : Labels.of(Map.of("__address__", address, "__metrics_path__", t.path())));
        }
        Map<String, String> labels = new TreeMap<>(c.labels());
        labels.put("__meta_tunnel_fqdn", c.fqdn());
        labels.put("__meta_tunnel_owner", c.owner());
        labels.put("__meta_tunnel_connected", Boolean.toString(c.connected()));
        return new TargetGroup(c.fqdn(), targets, Labels.of(labels));
    }

    @Override
    public void close() {
        TunnelRegistry.Watch w;
        synchronized (this) {
            w = watch;
            watch = null;
        }
        if (w != null) {
            w.close();
        }
        publisher.close();
    }
}
