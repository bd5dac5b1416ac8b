package io.ferry.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The StatsD settings as text, as both {@code statsd:} and the {@code --statsd.*} flags write them
 * (statsd_exporter's forms). Each method throws {@link IllegalArgumentException} saying what is wrong.
 *
 * <pre>{@code
 * StatsdOptionsText.address(":9125");   // every interface, port 9125
 * StatsdOptionsText.address("");        // null: the listener is off
 * StatsdOptionsText.fileMode("755");    // 0755
 * }</pre>
 */
public final class StatsdOptionsText {
    /** The longest TCP line that may be configured. */
    public static final int MAX_LINE_BYTES = 16 << 20;

    private StatsdOptionsText() {
    }

    /**
     * A listen address: {@code host:port}, {@code :port} (every interface, IPv4 and IPv6) or
     * {@code [::1]:port}; empty turns the listener off (null). A host name is left unresolved, to
     * be looked up when the listener binds, so reading a config never waits on DNS.
     */
    public static InetSocketAddress address(String s) {
        if (s.isEmpty()) {
            return null;
        }
        ListenAddress a = ListenAddress.parse(s);
        if (a.host().isEmpty()) {
            return new InetSocketAddress(a.port());
        }
        return isIpLiteral(a.host()) ? new InetSocketAddress(a.host(), a.port())
                : InetSocketAddress.createUnresolved(a.host(), a.port());
    }

    /** An IPv4 or IPv6 literal, which InetSocketAddress takes without a lookup. */
    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    /** A unix socket path; empty turns the listener off (null). */
    public static Path path(String s) {
        return s.isEmpty() ? null : Path.of(s);
    }

    /** A file mode in octal, as {@code chmod} takes it: {@code 755}, {@code 0660}. */
    public static int fileMode(String s) {
        if (s.isEmpty() || s.length() > 4 || !s.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IllegalArgumentException("\"" + s + "\" is not an octal file mode such as 755");
        }
        return Integer.parseInt(s, 8);
    }

    /** A size in bytes ({@code 4194304}, {@code 4MiB}); 0 allowed. */
    public static long size(String s) {
        return ByteSize.parse(s);
    }

    /** The longest TCP line: at least 1 byte, at most {@link #MAX_LINE_BYTES}. */
    public static int lineBytes(String s) {
        long v = ByteSize.parse(s);
        if (v < 1 || v > MAX_LINE_BYTES) {
            throw new IllegalArgumentException("must be between 1B and " + ByteSize.format(MAX_LINE_BYTES) + ", not " + s);
        }
        return (int) v;
    }

    /** How an address reads back, for messages and the status page: {@code ""} when off. */
    public static String format(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String host = a.getAddress() == null || a.getAddress().isAnyLocalAddress() ? "" : a.getAddress().getHostAddress();
        return new ListenAddress(host, a.getPort()).toString();
    }
}
