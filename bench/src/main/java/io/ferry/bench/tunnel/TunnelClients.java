package io.ferry.bench.tunnel;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The clients' side of the tunnel benchmark, in a process of its own: the target server every
 * client's allow-list points at, and CLIENTS tunnel clients polling the proxy, client {@code i}
 * registered as {@link #fqdn}{@code (i)}. Runs until it is killed.
 *
 * <pre>
 * CLIENTS=10000 PROXY_URL=http://127.0.0.1:9400/ TARGET_PORT=0 \
 *   java -cp bench/target/benchmarks.jar io.ferry.bench.tunnel.TunnelClients
 * </pre>
 *
 * <p>Prints {@code target port N} once the target serves, and {@code clients started} once every
 * client runs.
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
        int port = Integer.parseInt(env("TARGET_PORT", "0"));
        TargetServer target = TargetServer.start(new InetSocketAddress("127.0.0.1", port));
        System.out.println("target port " + target.port() + ": " + target.describe());
        Runtime.getRuntime().addShutdownHook(new Thread(target::stop));
        System.out.println("clients started");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
