package io.ferry.scrape;

import io.ferry.http.ClientSettingsException;
import io.ferry.http.HttpClientFactory;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.scrape.internal.HttpScraper;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Scrapes targets over HTTP: one {@link HttpClient} (and connection pool) per job, built by
 * {@link HttpClientFactory} from the job's {@code basic_auth}, {@code authorization},
 * {@code tls_config}, {@code proxy_url} and {@code follow_redirects}.
 * Credentials in files are read on every scrape, so a rotated file needs no reload.
 *
 * <pre>{@code
 * ScrapeManager.Sources sources = new HttpSources("Ferry/" + version, configDir);
 * }</pre>
 */
public final class HttpSources implements ScrapeManager.Sources {
    private static final Logger LOG = Log.logger();
    private final String userAgent;
    private final Path configDir;

    /** @param configDir where relative credential and certificate files are found */
    public HttpSources(String userAgent, Path configDir) {
        this.userAgent = userAgent;
        this.configDir = configDir;
    }

    @Override
    public Function<ScrapeTarget, ScrapeSource> forJob(ScrapeJob job) {
        HttpClientFactory http = new HttpClientFactory(job.http(), configDir);
        HttpClient client;
        try {
            client = http.newClient(job.scrapeTimeout());
        } catch (ClientSettingsException e) {
            // The job still runs: each of its scrapes fails and says why.
            LOG.error("cannot use a scrape job's " + e.key(), "job", job.jobName(), "err", e.detail());
            String error = e.getMessage();
            return target -> deadline -> {
                throw new ScrapeSource.ScrapeException(error);
            };
        }
        HttpScraper.Authorization auth = http::authorization;
        return target -> new HttpScraper(client, target.url(), target.timeout(), userAgent, job.limits().bodySizeLimit(),
                (int) Math.min(Integer.MAX_VALUE, job.limits().labelLimit()), auth);
    }
}
