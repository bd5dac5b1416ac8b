package io.ferry.config;

import io.ferry.remotewrite.Receiver;
import io.ferry.scrape.ScrapeJob;

import java.util.List;

/**
 * The sections of Ferry's config file that are prometheus.yml's: {@code global:}, {@code scrape_configs:}
 * and {@code remote_write:}, same keys, same defaults. Read and validated; acted on by the server's pull path
 * (docs/scrape.md). Immutable.
 */
public record PrometheusConfig(PromGlobalConfig global, List<ScrapeJob> scrapeConfigs,
                               List<Receiver> remoteWrite) {

    /** No scrape jobs, no receivers, Prometheus' global defaults. */
    public static final PrometheusConfig EMPTY = new PrometheusConfig(PromGlobalConfig.DEFAULTS, List.of(), List.of());
}
