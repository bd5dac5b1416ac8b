package io.ferry.scrape;

import io.ferry.http.HttpClientSettings;
import io.ferry.relabel.RelabelRule;
import io.ferry.scrape.discovery.DnsSd;
import io.ferry.scrape.discovery.FileSd;
import io.ferry.scrape.discovery.HttpSd;
import io.ferry.scrape.discovery.StaticTargets;
import io.ferry.scrape.discovery.TunnelSd;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One item of {@code scrape_configs:}, with the global defaults already applied: the interval and
 * timeout are never zero, {@code scrapeTimeout <= scrapeInterval}, and the limits hold the global
 * ones where the job sets none.
 *
 * @param params URL query parameters, each name with its values in file order
 * @param normalizeLeAndQuantile {@code le} and {@code quantile} values in OpenMetrics' canonical form
 *                               whatever the format, as Prometheus 3 stores them (the default); false
 *                               writes those of a text 0.0.4 body in Go's form, as Prometheus 2 stores
 *                               a Go client's ({@code normalize_le_and_quantile})
 * @param tunnelSdConfigs the job's {@code tunnel_sd_configs}: when there are any, every target of the
 *                        job is scraped through Ferry's tunnel proxy, in-process
 */
public record ScrapeJob(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
                           String scheme, Map<String, List<String>> params, boolean honorLabels, boolean honorTimestamps,
                           ScrapeLimits limits, HttpClientSettings http, List<StaticTargets> staticConfigs,
                           List<FileSd> fileSdConfigs, List<HttpSd> httpSdConfigs,
                           List<DnsSd> dnsSdConfigs, List<TunnelSd> tunnelSdConfigs, List<RelabelRule> relabelConfigs,
                           List<RelabelRule> metricRelabelConfigs, boolean normalizeLeAndQuantile) {

    /** A job without tunnel_sd_configs that stores {@code le} and {@code quantile} as Prometheus 3 does. */
    public ScrapeJob(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
                     String scheme, Map<String, List<String>> params, boolean honorLabels, boolean honorTimestamps,
                     ScrapeLimits limits, HttpClientSettings http, List<StaticTargets> staticConfigs,
                     List<FileSd> fileSdConfigs, List<HttpSd> httpSdConfigs,
                     List<DnsSd> dnsSdConfigs, List<RelabelRule> relabelConfigs,
                     List<RelabelRule> metricRelabelConfigs) {
        this(jobName, scrapeInterval, scrapeTimeout, metricsPath, scheme, params, honorLabels, honorTimestamps, limits,
                http, staticConfigs, fileSdConfigs, httpSdConfigs, dnsSdConfigs, List.of(), relabelConfigs,
                metricRelabelConfigs, true);
    }

    /** Whether the job's targets are scraped through the tunnel: it has {@code tunnel_sd_configs}. */
    public boolean throughTunnel() {
        return !tunnelSdConfigs.isEmpty();
    }
}
