package io.ferry.scrape.discovery;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live registry of tunnel clients as {@code tunnel_sd_configs} reads it: the tunnel proxy's,
 * through an adapter in {@code io.ferry.tunnel}, so discovery needs nothing of the tunnel itself.
 *
 * <pre>{@code
 * TunnelRegistry.Watch w = registry.watch(clients -> latest.set(clients));
 * ...
 * w.close();
 * }</pre>
 *
 * <p><b>Contract.</b> {@link #watch} calls {@code onChange} with every registered client soon
 * (perhaps before it returns), then again with the whole list after every change, until the watch is
 * closed: the last call holds the registry as it is. Calls may come from any thread, the registry's
 * own included, so the receiver returns at once and never blocks. After {@link Watch#close} returns
 * no call begins.
 */
@FunctionalInterface
public interface TunnelRegistry {
    /** A registry with no clients, for a Ferry whose tunnel proxy is off. */
    TunnelRegistry NONE = onChange -> {
        onChange.accept(List.of());
        return () -> { };
    };

    Watch watch(Consumer<List<Client>> onChange);

    /** Stops a {@link #watch}. */
    @FunctionalInterface
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * One registered client.
     *
     * @param owner     who registered it ({@code token:<name>}, {@code cert:<subject>}, empty when open)
     * @param labels    the labels the client declared
     * @param targets   the targets the client declared (its allow-list); empty for a client that declared
     *                  none (PushProx's), which is scraped at its bare fqdn
     * @param connected whether a poll of the client is open now
     */
    record Client(String fqdn, String owner, Map<String, String> labels, List<Target> targets, boolean connected) {
        public Client {
            labels = Map.copyOf(labels);
            targets = List.copyOf(targets);
        }
    }

    /**
     * A declared target: a port of the client's fqdn and the path it may be scraped at.
     *
     * @param path empty when any path on the port may be scraped
     */
    record Target(int port, String path) {
    }
}
