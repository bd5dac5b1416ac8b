package io.ferry.tunnel.proxy;

/**
 * A poll for a new fqdn while {@link ProxyOptions#maxClients()} fqdns are registered: answered 503
 * with this message, and counted as {@code too_many_clients}. Clients already registered keep polling.
 *
 * <pre>{@code
 * try {
 *     proxy.poll(poll);
 * } catch (TooManyClients e) {
 *     respond(503, e.getMessage());   // 20000 clients are registered, the limit (tunnel.max_clients)...
 * }
 * }</pre>
 */
public final class TooManyClients extends Exception {
    public TooManyClients(int limit) {
        super(limit + " clients are registered, the limit (tunnel.max_clients): no new fqdn is taken until one "
                + "leaves", null, false, false);
    }
}
