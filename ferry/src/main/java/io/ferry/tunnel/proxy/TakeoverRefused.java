package io.ferry.tunnel.proxy;

/**
 * A poll for an fqdn another owner has registered: answered 409 Conflict with this message, and
 * counted as {@code takeover}.
 *
 * <pre>{@code
 * try {
 *     proxy.poll(poll);
 * } catch (TakeoverRefused e) {
 *     respond(409, e.getMessage());   // fqdn "site-a" is registered by another client
 * }
 * }</pre>
 */
public final class TakeoverRefused extends Exception {
    private final String fqdn;

    public TakeoverRefused(String fqdn) {
        super("fqdn \"" + fqdn + "\" is registered by another client", null, false, false);
        this.fqdn = fqdn;
    }

    public String fqdn() {
        return fqdn;
    }
}
