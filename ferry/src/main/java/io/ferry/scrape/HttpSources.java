package io.ferry.scrape;

import io.ferry.http.ClientSettingsException;
import io.ferry.http.Http11Client;
import io.ferry.http.HttpClientFactory;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.scrape.internal.HttpScraper;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.nio.file.Path;

/**
 * Scrapes targets over HTTP: one {@link Http11Client} (and connection pool) per job, closed with the
 * job's {@link JobScrapers}, built by
 * {@link HttpClientFactory} from the job's {@code basic_auth}, {@code authorization},
 * {@code tls_config}, {@code proxy_url} and {@code follow_redirects}.
 * Credentials in files are read on every scrape, so a rotated file needs no reload. Each scrape is
 * bounded by the job's {@link ScrapeLimits#bodySizeLimitOrDefault() body size limit} and its timeout;
 * scrapes over the limit are counted in {@value #BODY_SIZE_LIMIT_EXCEEDED}, by job. Register once
 * per process (a second counter would be hidden by the first, which has the same name).
 *
 * <pre>{@code
 * ScrapeManager.Sources sources = new HttpSources("Ferry/" + version, configDir, registry);
 * }</pre>
 */
public final class HttpSources implements ScrapeManager.Sources {
    /** Prometheus' {@code prometheus_target_scrapes_exceeded_body_size_limit_total}, by job. */
    public static final String BODY_SIZE_LIMIT_EXCEEDED = "ferry_target_scrapes_exceeded_body_size_limit_total";
    private static final Logger LOG = Log.logger();
    private final String userAgent;
    private final Path configDir;
    private final Counter bodySizeLimitExceeded;

    /**
     * @param configDir where relative credential and certificate files are found
     * @param registry  where the counter of scrapes over the body size limit is registered
     */
    public HttpSources(String userAgent, Path configDir, Registry registry) {
        this.userAgent = userAgent;
        this.configDir = configDir;
        this.bodySizeLimitExceeded = registry.counter(BODY_SIZE_LIMIT_EXCEEDED,
                "Scrapes that failed because the body, received or decompressed, was larger than body_size_limit.",
                "scrape_job");
    }

    /**
     * The job's series of {@value #BODY_SIZE_LIMIT_EXCEEDED}, at 0 from the start for increase():
     * for every source that reads a scrape's body, HTTP or not.
     */
    public Counter.Child bodyTooLarge(String jobName) {
        return bodySizeLimitExceeded.labels(jobName);
    }

    @Override
    public JobScrapers forJob(ScrapeJob job) {
        HttpClientFactory http = new HttpClientFactory(job.http(), configDir);
        Http11Client client;
        try {
            client = http.newHttp11Client(job.scrapeTimeout());
        } catch (ClientSettingsException e) {
            // The job still runs: each of its scrapes fails and says why.
            LOG.error("cannot use a scrape job's " + e.key(), "job", job.jobName(), "err", e.detail());
            String error = e.getMessage();
            return target -> deadline -> {
                throw new ScrapeSource.ScrapeException(error);
            };
        }
        ScrapeBody.Credentials auth = http::authorization;
        Counter.Child tooLarge = bodyTooLarge(job.jobName());
        return new JobScrapers() {
            @Override
            public ScrapeSource forTarget(ScrapeTarget target) {
                return new HttpScraper(client, target.url(), target.timeout(), userAgent,
                        job.limits().bodySizeLimitOrDefault(), (int) Math.min(Integer.MAX_VALUE, job.limits().labelLimit()),
                        auth, tooLarge);
            }

            /** Its kept-alive connections: a client no loop uses would hold them open for good. */
            @Override
            public void close() {
                client.close();
            }
        };
    }
}
