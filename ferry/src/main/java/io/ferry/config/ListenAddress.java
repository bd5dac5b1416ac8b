package io.ferry.config;

/**
 * A TCP listen address as Go programs write it: {@code host:port}, {@code :port} (every
 * interface) or {@code [::1]:port} (IPv6 needs brackets).
 *
 * <pre>{@code
 * ListenAddress.parse(":9091");           // host "", port 9091
 * ListenAddress.parse("[::1]:9091").host(); // "::1"
 * }</pre>
 *
 * @param host the host name or IP literal without brackets; empty for every interface
 * @param port 0 to 65535; 0 asks the system for a free port
 */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        if (host == null) {
            throw new NullPointerException("host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0-65535");
        }
    }

    /** Parses by the rules of Go's {@code net.SplitHostPort}; throws {@link IllegalArgumentException} naming the problem. */
    public static ListenAddress parse(String address) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("empty listen address (want host:port, :port or [::1]:port)");
        }
        String host;
        String port;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in address \"" + address + "\"");
            }
            if (close + 1 >= address.length() || address.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("missing port in address \"" + address + "\"");
            }
            host = address.substring(1, close);
            port = address.substring(close + 2);
        } else {
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("missing port in address \"" + address + "\" (want host:port or :port)");
            }
            host = address.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                        "too many colons in address \"" + address + "\" (write IPv6 hosts in brackets: [::1]:9091)");
            }
            port = address.substring(colon + 1);
        }
        return new ListenAddress(host, parsePort(port, address));
    }

    private static int parsePort(String port, String address) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port \"" + port + "\" in address \"" + address + "\"");
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            throw new IllegalArgumentException("port " + p + " out of range 0-65535 in address \"" + address + "\"");
        }
        return p;
    }

    /** The host to bind: the given one, or the wildcard address when none was given. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }

    public ListenAddress withPort(int newPort) {
        return new ListenAddress(host, newPort);
    }

    /** The address in the form {@link #parse} reads. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
