package io.ferry.scrape;

import io.ferry.http.HttpClientSettings;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.http.TlsSettings;
import io.ferry.http.ClientAuth;
import io.ferry.http.ClientTls;
import io.ferry.http.PemException;
import io.ferry.scrape.internal.HttpScraper;

import javax.net.ssl.SSLParameters;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Scrapes targets over HTTP: one {@link HttpClient} (and connection pool) per job, built from the
 * job's {@code basic_auth}, {@code authorization}, {@code tls_config}, {@code proxy_url} and
 * {@code follow_redirects}.
 * Credentials in files are read on every scrape, so a rotated file needs no reload.
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
        HttpClientSettings http = job.http();
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(job.scrapeTimeout())
                .followRedirects(http.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        TlsSettings tls = http.tls();
        if (tls != null && !tls.equals(TlsSettings.DEFAULTS)) {
            try {
                b.sslContext(ClientTls.context(tls, configDir));
                SSLParameters versions = ClientTls.parameters(tls);
                if (versions != null) {
                    b.sslParameters(versions);
                }
            } catch (PemException e) {
                // The job still runs: each of its scrapes fails and says why.
                LOG.error("cannot use a scrape job's tls_config", "job", job.jobName(), "err", e.getMessage());
                String error = "tls_config: " + e.getMessage();
                return target -> deadline -> {
                    throw new ScrapeSource.ScrapeException(error);
                };
            }
        }
        if (http.proxyUrl() != null) {
            b.proxy(ProxySelector.of(new InetSocketAddress(http.proxyUrl().getHost(), http.proxyUrl().getPort())));
        }
        HttpClient client = b.build();
        HttpScraper.Authorization auth = () -> ClientAuth.header(http, configDir);
        return target -> new HttpScraper(client, target.url(), target.timeout(), userAgent, job.limits().bodySizeLimit(),
                (int) Math.min(Integer.MAX_VALUE, job.limits().labelLimit()), auth);
    }
}
