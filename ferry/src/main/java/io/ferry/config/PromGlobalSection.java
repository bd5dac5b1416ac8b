package io.ferry.config;

import io.ferry.model.MetricNames;
import io.ferry.model.PromDuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads prometheus.yml's {@code global:} with Prometheus' defaults and checks
 * ({@code config.GlobalConfig.UnmarshalYAML}). {@code evaluation_interval}, {@code rule_query_offset}
 * and {@code query_log_file} configure rules and queries, which Ferry does not have: accepted and
 * ignored, so a Prometheus file loads unchanged.
 */
final class PromGlobalSection {
    private static final Set<String> UNSUPPORTED = Set.of("scrape_protocols", "metric_name_validation_scheme",
            "metric_name_escaping_scheme", "scrape_failure_log_file", "always_scrape_classic_histograms",
            "convert_classic_histograms_to_nhcb", "scrape_native_histograms", "native_histogram_bucket_limit",
            "native_histogram_min_bucket_factor", "scrape_classic_histograms", "extra_scrape_metrics");

    private PromGlobalSection() {
    }

    static PromGlobalConfig read(YamlMapping m, PromGlobalConfig d) throws ConfigException {
        Unsupported.refuse(m, UNSUPPORTED, "");
        List<String> keys = new ArrayList<>(List.of("scrape_interval", "scrape_timeout", "evaluation_interval",
                "rule_query_offset", "query_log_file", "external_labels"));
        keys.addAll(ScrapeLimitsReader.KEYS);
        m.allowOnly(keys.toArray(String[]::new));
        m.string("evaluation_interval", PromDuration::parse);
        m.string("rule_query_offset", PromDuration::parse);
        m.string("query_log_file");

        // As Prometheus: a zero interval is the default; an unset timeout is 10s, capped at the interval.
        Duration interval = m.string("scrape_interval", PromDuration::parse).filter(x -> !x.isZero())
                .orElse(PromGlobalConfig.DEFAULTS.scrapeInterval());
        Duration timeout = m.string("scrape_timeout", PromDuration::parse).filter(x -> !x.isZero()).orElse(null);
        if (timeout == null) {
            timeout = min(PromGlobalConfig.DEFAULTS.scrapeTimeout(), interval);
        } else if (timeout.compareTo(interval) > 0) {
            throw m.error("scrape_timeout", PromDuration.format(timeout) + " is longer than scrape_interval "
                    + PromDuration.format(interval));
        }
        return new PromGlobalConfig(interval, timeout, labels(m, "external_labels"), ScrapeLimitsReader.read(m));
    }

    /** A mapping of label names to values; names must be valid, as Prometheus' label sets require. */
    static Map<String, String> labels(YamlMapping m, String key) throws ConfigException {
        Map<String, String> labels = m.stringMap(key);
        for (String name : labels.keySet()) {
            if (!MetricNames.isValidLabelName(name)) {
                throw m.error(key, "\"" + name + "\" is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
        }
        return labels;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
