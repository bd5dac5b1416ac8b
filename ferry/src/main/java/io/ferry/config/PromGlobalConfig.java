package io.ferry.config;

import io.ferry.scrape.ScrapeLimits;

import java.time.Duration;
import java.util.Map;

/**
 * prometheus.yml's {@code global:} section: the defaults of every scrape job, and the labels added
 * to everything sent to other systems.
 *
 * @param externalLabels label names to values, in file order
 */
public record PromGlobalConfig(Duration scrapeInterval, Duration scrapeTimeout, Map<String, String> externalLabels,
                               ScrapeLimits limits) {

    /** Prometheus' defaults: scrape every minute, time out after 10 s, no labels, no limits. */
    public static final PromGlobalConfig DEFAULTS =
            new PromGlobalConfig(Duration.ofMinutes(1), Duration.ofSeconds(10), Map.of(), ScrapeLimits.NONE);
}
