package io.ferry.tunnel;

import io.ferry.config.ConfigLoader;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.scrape.HttpSources;
import io.ferry.scrape.ScrapeBody;
import io.ferry.scrape.ScrapeJob;
import io.ferry.scrape.ScrapeSource;
import io.ferry.scrape.ScrapeTarget;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.Registry;
import io.ferry.testing.SettableClock;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.Poll;
import io.ferry.tunnel.proxy.PollAnswer;
import io.ferry.tunnel.proxy.ProxyOptions;
import io.ferry.tunnel.proxy.Scheduler;
import io.ferry.tunnel.proxy.TunnelProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jobs with tunnel_sd_configs scraped through a real {@link TunnelProxy} in-process, with the test
 * as the client: it polls, sees the request, and pushes a response.
 */
class TunnelSourcesTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final Registry registry = new DefaultRegistry();
    private final TunnelProxy proxy = new TunnelProxy(ProxyOptions.DEFAULTS, clock, Scheduler.of(executor), registry);
    private final HttpSources http = new HttpSources("Ferry/test", Path.of("."), registry);

    @AfterEach
    void stop() {
        proxy.close();
        executor.shutdownNow();
    }

    private ScrapeJob job(String settings) throws Exception {
        String yaml = "- job_name: j\n  tunnel_sd_configs: [{}]\n" + settings.indent(2);
        return ConfigLoader.parse("scrape_configs:\n" + yaml.indent(2), dir.resolve("ferry.yml").toString())
                .prometheus().scrapeConfigs().getFirst();
    }

    private ScrapeSource source(ScrapeJob job, String url) {
        ScrapeTarget target = new ScrapeTarget(job.jobName(), Labels.EMPTY, Labels.EMPTY, URI.create(url),
                job.scrapeInterval(), job.scrapeTimeout(), 1);
        return new TunnelSources(proxy, "Ferry/test", dir, http::bodyTooLarge).forJob(job).forTarget(target);
    }

    /** Polls as {@code fqdn} once; the future completes with the scrape the proxy hands over. */
    private CompletableFuture<PollAnswer> poll(String fqdn) throws Exception {
        return proxy.poll(new Poll(fqdn, "", Map.of(), List.of(new DeclaredTarget(9100, "/metrics")), Duration.ZERO));
    }

    /** Answers the next scrape for {@code fqdn} with {@code response}; what the proxy asked, when it did. */
    private CompletableFuture<io.ferry.tunnel.ScrapeRequest> answer(String fqdn, Function<String, RelayedResponse> response)
            throws Exception {
        return poll(fqdn).thenApply(a -> {
            io.ferry.tunnel.ScrapeRequest r = ((PollAnswer.Scrape) a).request();
            String id = r.header(TunnelHeaders.ID).orElseThrow();
            proxy.push(id, response.apply(r.url().toString()), "");
            return r;
        });
    }

    private static RelayedResponse ok(String contentType, String encoding, byte[] body) {
        HeaderFields h = encoding == null ? HeaderFields.of("Content-Type", contentType)
                : HeaderFields.of("Content-Type", contentType, "Content-Encoding", encoding);
        return new RelayedResponse(200, "OK", h, body);
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static List<MetricFamily> scrape(ScrapeSource s, ScrapeJob job) throws Exception {
        return s.scrape(System.nanoTime() + job.scrapeTimeout().toNanos());
    }

    @Test
    void aScrapeGoesThroughTheProxyWithPrometheusHeadersAndTheJobsCredentials() throws Exception {
        Files.writeString(dir.resolve("token"), "s3cret\n");
        ScrapeJob job = job("scrape_timeout: 7s\nauthorization: {credentials_file: token}\n");
        ScrapeSource source = source(job, "http://gw.site-a:9100/metrics?module=x");
        var asked = answer("gw.site-a", url -> {
            try {
                return ok("application/openmetrics-text; version=1.0.0", "gzip", gzip("# TYPE c counter\nc_total 3\n# EOF\n"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<MetricFamily> families = scrape(source, job);
        assertThat(families).extracting(MetricFamily::name).containsExactly("c_total");
        assertThat(source.lastFormat()).isEqualTo(ExpositionFormat.OPENMETRICS);
        io.ferry.tunnel.ScrapeRequest r = asked.get(5, TimeUnit.SECONDS);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.url()).isEqualTo(URI.create("http://gw.site-a:9100/metrics?module=x"));
        assertThat(r.header("Accept")).hasValue(ScrapeBody.ACCEPT);
        assertThat(r.header("Accept-Encoding")).hasValue("gzip");
        assertThat(r.header("User-Agent")).hasValue("Ferry/test");
        assertThat(r.header("X-Prometheus-Scrape-Timeout-Seconds")).hasValue("7");
        assertThat(r.header("Authorization")).hasValue("Bearer s3cret");
    }

    @Test
    void anHttpsTargetIsAskedForWithPushProxScheme() throws Exception {
        ScrapeJob job = job("scheme: https\n");
        ScrapeSource source = source(job, "https://gw.site-a:9100/metrics");
        var asked = answer("gw.site-a", url -> ok("text/plain", null, "a 1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(scrape(source, job)).extracting(MetricFamily::name).containsExactly("a");
        assertThat(asked.get(5, TimeUnit.SECONDS).url()).isEqualTo(URI.create("http://gw.site-a:9100/metrics?_scheme=https"));
    }

    @Test
    void aFailedResponseShowsTheClientsReason() throws Exception {
        ScrapeJob job = job("");
        ScrapeSource source = source(job, "http://gw.site-a:9100/metrics");
        answer("gw.site-a", url -> new RelayedResponse(500, "Internal Server Error", HeaderFields.EMPTY,
                ("failed to scrape " + url + ": connection refused\nmore\n").getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> scrape(source, job)).isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("server returned HTTP status 500: failed to scrape http://gw.site-a:9100/metrics: "
                        + "connection refused");
    }

    @Test
    void aBodyOverTheJobsLimitFailsAndIsCounted() throws Exception {
        ScrapeJob job = job("body_size_limit: 1KB\n");
        ScrapeSource source = source(job, "http://gw.site-a:9100/metrics");
        answer("gw.site-a", url -> ok("text/plain", null, "a 1\n".repeat(1000).getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> scrape(source, job))
                .hasMessage("body size limit exceeded: the body is larger than 1024 bytes");
        assertThat(http.bodyTooLarge("j").value()).isEqualTo(1.0);
    }

    @Test
    void withNoClientTheScrapeFailsAtItsTimeoutSayingNoneIsRegistered() throws Exception {
        ScrapeJob job = job("scrape_timeout: 1s\n");
        ScrapeSource source = source(job, "http://nobody:9100/metrics");
        assertThatThrownBy(() -> scrape(source, job))
                .hasMessage("no tunnel client is registered as \"nobody\": timeout reached for "
                        + "\"http://nobody:9100/metrics\": context deadline exceeded");
    }

    @Test
    void aClientThatStoppedPollingIsNamedWithItsLastPoll() throws Exception {
        ScrapeJob job = job("scrape_timeout: 1s\n");
        ScrapeSource source = source(job, "http://gw.site-a:9100/metrics");
        poll("gw.site-a").cancel(true); // its connection closed; it stays registered
        clock.advance(TunnelProxy.CONNECTED_GRACE.plusSeconds(1));
        assertThatThrownBy(() -> scrape(source, job))
                .hasMessageStartingWith("the tunnel client \"gw.site-a\" stopped polling (its last poll: 2026-01-05T10:00:00Z): "
                        + "timeout reached for \"http://gw.site-a:9100/metrics\": context deadline exceeded");
    }

    @Test
    void aClientThatHoldsTheScrapeWithoutAnsweringDidNotAnswerInTime() throws Exception {
        ScrapeJob job = job("scrape_timeout: 1s\n");
        ScrapeSource source = source(job, "http://gw.site-a:9100/metrics");
        poll("gw.site-a"); // takes the scrape and never pushes
        assertThatThrownBy(() -> scrape(source, job))
                .hasMessage("the tunnel client \"gw.site-a\" did not answer in time: timeout reached for "
                        + "\"http://gw.site-a:9100/metrics\": context deadline exceeded");
    }
}
