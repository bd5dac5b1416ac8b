package io.ferry.tunnel.proxy;

/**
 * A watch on the registry ({@link TunnelProxy#watch}); closing it stops the calls.
 *
 * <pre>{@code
 * Subscription s = proxy.watch(clients -> discoverer.publish(clients));
 * s.close();
 * }</pre>
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** No further call starts after this returns; idempotent. */
    @Override
    void close();
}
