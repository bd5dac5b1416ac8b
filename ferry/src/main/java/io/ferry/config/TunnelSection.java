package io.ferry.config;

import io.ferry.model.PromDuration;
import io.ferry.tunnel.proxy.ProxyOptions;

import java.time.Duration;
import java.util.function.Function;

/** Reads {@code tunnel:}, the tunnel proxy's settings (docs/tunnel.md). */
final class TunnelSection {
    private TunnelSection() {
    }

    static ProxyOptions read(YamlMapping m, ProxyOptions d) throws ConfigException {
        m.allowOnly("enabled", "listen_address", "max_connections", "scrape_default_timeout", "scrape_max_timeout",
                "registration_timeout", "max_response_bytes", "max_queued_scrapes");
        Function<String, Duration> positive = TunnelSection::positiveDuration;
        ProxyOptions o = new ProxyOptions(
                m.bool("enabled").orElse(d.enabled()),
                m.string("listen_address", TunnelSection::listenAddress).orElse(d.listenAddress()),
                positiveInt(m, "max_connections", d.maxConnections()),
                m.string("scrape_default_timeout", positive).orElse(d.scrapeDefaultTimeout()),
                m.string("scrape_max_timeout", positive).orElse(d.scrapeMaxTimeout()),
                m.string("registration_timeout", positive).orElse(d.registrationTimeout()),
                m.string("max_response_bytes", TunnelSection::positiveSize).orElse(d.maxResponseBytes()),
                positiveInt(m, "max_queued_scrapes", d.maxQueuedScrapes()));
        return o;
    }

    /** {@code host:port}, checked; empty means no listener of the tunnel's own. */
    static String listenAddress(String s) {
        return s.isEmpty() ? "" : ListenAddress.parse(s).toString();
    }

    static Duration positiveDuration(String s) {
        Duration d = PromDuration.parse(s);
        if (!d.isPositive()) {
            throw new IllegalArgumentException("must be more than 0, not " + s);
        }
        return d;
    }

    static long positiveSize(String s) {
        long bytes = ByteSize.parse(s);
        if (bytes < 1) {
            throw new IllegalArgumentException("must be at least 1 byte, not " + s);
        }
        return bytes;
    }

    private static int positiveInt(YamlMapping m, String key, int dflt) throws ConfigException {
        long v = m.integer(key).orElse((long) dflt);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw m.error(key, "must be between 1 and " + Integer.MAX_VALUE + ", not " + v);
        }
        return (int) v;
    }
}
