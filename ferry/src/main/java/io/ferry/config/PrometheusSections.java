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
    private static final Set<String> UNSUPPORTED = Set.of("rule_files", "alerting", "remote_read", "tracing",
            "runtime", "scrape_config_files");

    private PrometheusSections() {
    }

    /** Refuses prometheus.yml's top-level sections Ferry does not support, naming the first. */
    static void refuseUnsupported(YamlMapping root) throws ConfigException {
        Unsupported.refuse(root, UNSUPPORTED, "Ferry scrapes and forwards; see docs/scrape.md");
    }

    /**
     * Absent keys keep {@code defaults}' values; a present {@code global} re-derives every job's
     * defaults. The problems of each section, job and receiver go to {@code problems}; what this
     * returns is only usable when there are none.
     * With a bad {@code global}, jobs are still checked, against the default global settings.
     */
    static PrometheusConfig read(YamlMapping root, PrometheusConfig defaults, Problems problems) {
        PromGlobalConfig global = problems.read(PromGlobalConfig.DEFAULTS,
                () -> root.section("global", PromGlobalConfig.DEFAULTS, PromGlobalSection::read));
        List<ScrapeJob> scrape = root.has("scrape_configs")
                ? problems.read(List.of(), () -> root.mappings("scrape_configs",
                        new ScrapeConfigReader(global, new HashSet<>())::read))
                : defaults.scrapeConfigs();
        List<Receiver> remote = root.has("remote_write")
                ? problems.read(List.of(), () -> root.mappings("remote_write", new RemoteWriteReader(new HashSet<>())::read))
                : defaults.remoteWrite();
        return new PrometheusConfig(root.has("global") ? global : defaults.global(), scrape, remote);
    }
}
