package io.ferry.tunnel;

import io.ferry.http.HttpClientFactory;
import io.ferry.scrape.JobScrapers;
import io.ferry.scrape.ScrapeJob;
import io.ferry.scrape.ScrapeManager;
import io.ferry.telemetry.Counter;
import io.ferry.tunnel.internal.TunnelScraper;
import io.ferry.tunnel.proxy.TunnelProxy;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Scrapes the targets of jobs with {@code tunnel_sd_configs} through this Ferry's tunnel proxy,
 * in-process: each scrape is handed to {@link TunnelProxy#scrape} as Prometheus' request through
 * {@code proxy_url} would be (no HTTP to Ferry itself), with the headers Prometheus sends, the job's
 * {@code Authorization} (from {@code basic_auth} or {@code authorization}, files re-read per scrape),
 * its timeout and its body size limit; the relayed response is read by
 * {@link io.ferry.scrape.ScrapeBody}, as an HTTP scrape's is. A target with {@code scheme: https}
 * is asked for with PushProx's {@code _scheme=https}, so the client scrapes it over TLS.
 *
 * <pre>{@code
 * ScrapeManager.Sources tunnel = new TunnelSources(proxy, "Ferry/" + version, configDir, http::bodyTooLarge);
 * JobScrapers scrapers = job.throughTunnel() ? tunnel.forJob(job) : http.forJob(job);
 * }</pre>
 *
 * <p>Thread-safe; each source it makes is used by one scrape loop.
 */
public final class TunnelSources implements ScrapeManager.Sources {
    private final TunnelProxy proxy;
    private final String userAgent;
    private final Path configDir;
    private final Function<String, Counter.Child> bodyTooLarge;

    /**
     * @param configDir    where relative credential files are found
     * @param bodyTooLarge the counter, by job name, of scrapes over the body size limit (HTTP scrapes' own)
     */
    public TunnelSources(TunnelProxy proxy, String userAgent, Path configDir, Function<String, Counter.Child> bodyTooLarge) {
        this.proxy = proxy;
        this.userAgent = userAgent;
        this.configDir = configDir;
        this.bodyTooLarge = bodyTooLarge;
    }

    @Override
    public JobScrapers forJob(ScrapeJob job) {
        HttpClientFactory credentials = new HttpClientFactory(job.http(), configDir);
        Counter.Child tooLarge = bodyTooLarge.apply(job.jobName());
        return target -> new TunnelScraper(proxy, target, userAgent, job.limits().bodySizeLimitOrDefault(),
                (int) Math.min(Integer.MAX_VALUE, job.limits().labelLimit()), credentials::authorization, tooLarge);
    }
}
