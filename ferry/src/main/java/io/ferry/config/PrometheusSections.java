package io.ferry.config;

import io.ferry.remotewrite.Receiver;
import io.ferry.scrape.ScrapeJob;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the top-level keys Ferry shares with prometheus.yml ({@link #KEYS}) onto a
 * {@link PrometheusConfig}: {@code global} first, since it supplies every job's defaults. The other
 * top-level sections of prometheus.yml (rules, alerting, remote_read, ...) are refused as not
 * supported, so nobody believes they are in effect.
 */
final class PrometheusSections {
    static final List<String> KEYS = List.of("global", "scrape_configs", "remote_write");
    private static final Set<String> UNSUPPORTED = Set.of("rule_files", "alerting", "remote_read", "tracing", "otlp",
            "runtime", "scrape_config_files");

    private PrometheusSections() {
    }

    /** Absent keys keep {@code defaults}' values; a present {@code global} re-derives every job's defaults. */
    static PrometheusConfig read(YamlMapping root, PrometheusConfig defaults) throws ConfigException {
        Unsupported.refuse(root, UNSUPPORTED, "Ferry scrapes and forwards; see docs/scrape.md");
        PromGlobalConfig global = root.section("global", PromGlobalConfig.DEFAULTS, PromGlobalSection::read);
        List<ScrapeJob> scrape = root.has("scrape_configs")
                ? root.mappings("scrape_configs", new ScrapeConfigReader(global, new HashSet<>())::read)
                : defaults.scrapeConfigs();
        List<Receiver> remote = root.has("remote_write")
                ? root.mappings("remote_write", new RemoteWriteReader(new HashSet<>())::read)
                : defaults.remoteWrite();
        return new PrometheusConfig(root.has("global") ? global : defaults.global(), scrape, remote);
    }
}
