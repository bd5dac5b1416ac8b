package io.ferry.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One item of {@code scrape_configs:}, with the global defaults already applied: the interval and
 * timeout are never zero, {@code scrapeTimeout <= scrapeInterval}, and the limits hold the global
 * ones where the job sets none.
 *
 * @param params URL query parameters, each name with its values in file order
 */
public record ScrapeConfig(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
                           String scheme, Map<String, List<String>> params, boolean honorLabels, boolean honorTimestamps,
                           ScrapeLimits limits, HttpClientConfig http, List<StaticConfig> staticConfigs,
                           List<FileSdConfig> fileSdConfigs, List<HttpSdConfig> httpSdConfigs,
                           List<DnsSdConfig> dnsSdConfigs, List<RelabelConfig> relabelConfigs,
                           List<RelabelConfig> metricRelabelConfigs) {
}
