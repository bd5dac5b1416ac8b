package io.ferry.scrape.discovery;

import java.time.Duration;
import java.util.List;

/**
 * One item of {@code dns_sd_configs:}: DNS names queried every {@code refreshInterval} (30s by
 * default) for records of {@code type}.
 *
 * @param port the targets' port for A and AAAA records (required there); 0 for SRV, whose records carry it
 */
public record DnsSd(List<String> names, Type type, int port, Duration refreshInterval) {

    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

    /** The record types Ferry queries; Prometheus' MX and NS are not supported. */
    public enum Type { SRV, A, AAAA }
}
