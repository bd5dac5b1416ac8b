package io.ferry.scrape.discovery;

import io.ferry.log.Logger;
import io.ferry.model.Labels;
import io.ferry.telemetry.Counter;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One {@code dns_sd_configs} item: every {@code refresh_interval}, each name is looked up (SRV, A or
 * AAAA) and becomes one group, source = the name, no group labels. Each target has Prometheus'
 * labels: {@code __address__} (SRV: the record's target without its trailing dot, and its port;
 * A/AAAA: the address and the configured port, IPv6 in brackets), {@code __meta_dns_name},
 * {@code __meta_dns_srv_record_target} (with the trailing dot) and {@code __meta_dns_srv_record_port}
 * (both empty for A/AAAA).
 *
 * <pre>{@code
 * Discoverer d = new DnsDiscoverer(config, JndiDnsResolver.system(), executor, lookups, failures, log);
 * d.start(groups -> pool.update(groups));
 * }</pre>
 *
 * <p>A name that does not exist, or has no such records, has no targets. A lookup that fails is
 * logged (once per distinct error), counted, and the name keeps its previous targets. Targets are
 * sorted, so round-robin answer order is not a change.
 *
 * <p>Threads: lookups run on the shared {@code executor}, one refresh at a time, and block it for
 * at most the resolver's timeouts. {@code close} returns at once; a lookup in progress finishes
 * but sends nothing. Thread-safe.
 */
public final class DnsDiscoverer extends RefreshingDiscoverer {
    public static final String META_NAME = "__meta_dns_name";
    public static final String META_SRV_TARGET = "__meta_dns_srv_record_target";
    public static final String META_SRV_PORT = "__meta_dns_srv_record_port";

    private final DnsSd config;
    private final DnsResolver resolver;
    private final Counter.Child lookups;
    private final Counter.Child failures;
    // Touched only by refresh(), run one at a time.
    private final Map<String, TargetGroup> last = new HashMap<>();
    private final Map<String, String> lastError = new HashMap<>();

    public DnsDiscoverer(DnsSd config, DnsResolver resolver, ScheduledExecutorService executor,
                         Counter.Child lookups, Counter.Child failures, Logger log) {
        super("dns_sd", config.refreshInterval(), executor, log);
        this.config = config;
        this.resolver = resolver;
        this.lookups = lookups;
        this.failures = failures;
    }

    @Override
    void refresh() {
        List<TargetGroup> all = new ArrayList<>();
        for (String name : config.names()) {
            if (closed()) {
                return;
            }
            lookups.inc();
            try {
                TargetGroup g = group(name, resolver.lookup(name, config.type()));
                last.put(name, g);
                if (lastError.remove(name) != null) {
                    log.info("dns_sd lookup succeeds again", "name", name, "targets", g.targets().size());
                }
            } catch (IOException e) {
                failures.inc();
                String err = e.getMessage();
                if (!err.equals(lastError.put(name, err))) {
                    log.error("dns_sd lookup failed; keeping the previous targets", "name", name, "err", err);
                }
            }
            TargetGroup g = last.get(name);
            if (g != null) {
                all.add(g);
            }
        }
        publish(all);
    }

    private TargetGroup group(String name, List<DnsResolver.Record> records) {
        List<Labels> targets = new ArrayList<>(records.size());
        for (DnsResolver.Record r : records) {
            String address;
            String srvTarget = "";
            String srvPort = "";
            switch (r) {
                case DnsResolver.Srv srv -> {
                    srvTarget = srv.target();
                    srvPort = Integer.toString(srv.port());
                    address = hostPort(stripTrailingDots(srv.target()), srv.port());
                }
                case DnsResolver.Address a -> address = hostPort(ipString(a.address()), config.port());
            }
            targets.add(Labels.of("__address__", address, META_NAME, name, META_SRV_TARGET, srvTarget,
                    META_SRV_PORT, srvPort));
        }
        targets.sort(null);
        return new TargetGroup(name, targets, Labels.EMPTY);
    }

    private static String stripTrailingDots(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Go's {@code net.JoinHostPort}: brackets around a host with a colon. */
    static String hostPort(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** As Go's {@code net.IP.String}: IPv6 in the RFC 5952 short form ({@code 2001:db8::1}). */
    static String ipString(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        // The longest run of two or more zero groups (the first of equal runs) becomes "::".
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
