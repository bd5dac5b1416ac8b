package io.ferry.tunnel;

import io.ferry.scrape.discovery.TunnelRegistry;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.TunnelClient;
import io.ferry.tunnel.proxy.TunnelProxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tunnel proxy's registry as {@code tunnel_sd_configs} reads it: {@link TunnelProxy#watch}
 * behind discovery's {@link TunnelRegistry}, so discovery needs nothing of the tunnel.
 *
 * <pre>{@code
 * TunnelRegistry clients = new ProxyRegistry(proxy);
 * Discoverers.forJob(job, configDir, executor, metrics, resolver, clients);
 * }</pre>
 *
 * <p>The proxy's watch keeps {@link TunnelRegistry}'s contract: calls never overlap, each with the
 * whole list, none after the watch is closed. Immutable and thread-safe.
 */
public final class ProxyRegistry implements TunnelRegistry {
    private final TunnelProxy proxy;

    public ProxyRegistry(TunnelProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public Watch watch(Consumer<List<Client>> onChange) {
        return proxy.watch(clients -> onChange.accept(view(clients)))::close;
    }

    private static List<Client> view(List<TunnelClient> clients) {
        List<Client> out = new ArrayList<>(clients.size());
        for (TunnelClient c : clients) {
            List<Target> targets = new ArrayList<>(c.targets().size());
            for (DeclaredTarget t : c.targets()) {
                targets.add(new Target(t.port(), t.path()));
            }
            out.add(new Client(c.fqdn(), c.owner(), c.labels(), targets, c.connected()));
        }
        return out;
    }
}
