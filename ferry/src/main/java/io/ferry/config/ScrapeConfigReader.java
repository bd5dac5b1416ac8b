package io.ferry.config;

import io.ferry.model.PromDuration;
import io.ferry.relabel.RelabelRule;
import io.ferry.scrape.ScrapeJob;
import io.ferry.scrape.discovery.TunnelSd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one item of {@code scrape_configs:} with Prometheus' keys, defaults and checks
 * ({@code config.ScrapeConfig.Validate}): the global interval, timeout and limits fill what the job
 * leaves out, the timeout must not exceed the interval, job names are unique. Not thread-safe
 * (the set of seen job names is the caller's, one per file).
 */
final class ScrapeConfigReader {
    private static final Set<String> DISCOVERY = Set.of("static_configs", "file_sd_configs", "http_sd_configs",
            "dns_sd_configs", "tunnel_sd_configs");
    private static final Set<String> UNSUPPORTED = Set.of("scrape_classic_histograms", "always_scrape_classic_histograms",
            "convert_classic_histograms_to_nhcb", "scrape_native_histograms", "native_histogram_bucket_limit",
            "native_histogram_min_bucket_factor", "scrape_protocols", "fallback_scrape_protocol", "enable_compression",
            "track_timestamps_staleness", "metric_name_validation_scheme", "metric_name_escaping_scheme",
            "scrape_failure_log_file", "honor_timestamps_staleness", "scrape_fallback_protocol");
    private static final List<String> KEYS;

    static {
        List<String> keys = new ArrayList<>(List.of("job_name", "scrape_interval", "scrape_timeout", "metrics_path",
                "scheme", "params", "honor_labels", "honor_timestamps", "relabel_configs", "metric_relabel_configs",
                "normalize_le_and_quantile"));
        keys.addAll(DISCOVERY);
        keys.addAll(ScrapeLimitsReader.KEYS);
        keys.addAll(HttpClientReader.KEYS);
        KEYS = List.copyOf(keys);
    }

    private final PromGlobalConfig global;
    private final Set<String> jobNames;

    /** @param jobNames the job names read so far in this file; each read adds one */
    ScrapeConfigReader(PromGlobalConfig global, Set<String> jobNames) {
        this.global = global;
        this.jobNames = jobNames;
    }

    ScrapeJob read(YamlMapping item) throws ConfigException {
        Unsupported.refuse(item, UNSUPPORTED, "");
        Unsupported.refuse(item, HttpClientReader.UNSUPPORTED, "use basic_auth or authorization; proxies by proxy_url");
        Unsupported.refuseDiscovery(item, DISCOVERY);
        item.allowOnly(KEYS.toArray(String[]::new));

        String job = item.string("job_name").orElseThrow(() -> item.missing("job_name", "is required"));
        if (job.isEmpty()) {
            throw item.error("job_name", "must not be empty");
        }
        if (!jobNames.add(job)) {
            throw item.error("job_name", "\"" + job + "\" is used by an earlier scrape config; job names must be unique");
        }

        // As Prometheus: an unset (or zero) interval is the global one; an unset timeout is the
        // global one capped at the interval; a timeout set here must fit in the interval.
        Duration interval = item.string("scrape_interval", PromDuration::parse).filter(d -> !d.isZero())
                .orElse(global.scrapeInterval());
        Duration timeout = item.string("scrape_timeout", PromDuration::parse).filter(d -> !d.isZero()).orElse(null);
        if (timeout == null) {
            timeout = PromGlobalSection.min(global.scrapeTimeout(), interval);
        } else if (timeout.compareTo(interval) > 0) {
            throw item.error("scrape_timeout", PromDuration.format(timeout) + " is longer than scrape_interval "
                    + PromDuration.format(interval));
        }

        String scheme = item.string("scheme").orElse("http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw item.error("scheme", "must be http or https, got \"" + scheme + "\"");
        }
        String path = item.string("metrics_path").orElse("/metrics");

        List<RelabelRule> relabel = item.mappings("relabel_configs", RelabelConfigReader::read);
        List<TunnelSd> tunnelSd = item.mappings("tunnel_sd_configs", DiscoveryReaders::tunnelSd);
        if (!tunnelSd.isEmpty() && item.has("proxy_url")) {
            // The tunnel scrapes in-process; a proxy would be Ferry calling itself over HTTP.
            throw item.error("proxy_url", "cannot be used with tunnel_sd_configs (their targets are scraped "
                    + "through this Ferry's tunnel proxy, in-process)");
        }
        return new ScrapeJob(job, interval, timeout, path, scheme, params(item),
                item.bool("honor_labels").orElse(false), item.bool("honor_timestamps").orElse(true),
                ScrapeLimitsReader.read(item).orElse(global.limits()), HttpClientReader.read(item),
                item.mappings("static_configs", sc -> DiscoveryReaders.staticConfig(sc, relabel.isEmpty())),
                item.mappings("file_sd_configs", DiscoveryReaders::fileSd),
                item.mappings("http_sd_configs", DiscoveryReaders::httpSd),
                item.mappings("dns_sd_configs", DiscoveryReaders::dnsSd),
                tunnelSd,
                relabel,
                item.mappings("metric_relabel_configs", RelabelConfigReader::read),
                item.bool("normalize_le_and_quantile").orElse(true));
    }

    /** {@code params: {module: [http_2xx]}}: each name with a list of values, as Go's url.Values. */
    private static Map<String, List<String>> params(YamlMapping item) throws ConfigException {
        return item.section("params", Map.of(), (m, d) -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String name : m.keys()) {
                out.put(name, m.strings(name));
            }
            return Collections.unmodifiableMap(out);
        });
    }
}
