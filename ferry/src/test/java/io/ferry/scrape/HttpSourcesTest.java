package io.ferry.scrape;

import com.sun.net.httpserver.HttpServer;
import io.ferry.config.ConfigLoader;
import io.ferry.http.HttpClientSettings;
import io.ferry.http.TlsSettings;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scrape job's client settings as its scrapes use them: proxy, credentials and TLS files, failures. */
class HttpSourcesTest {
    @TempDir
    Path dir;

    private HttpServer proxy;
    private final List<String> proxied = new CopyOnWriteArrayList<>();
    private final Registry registry = new DefaultRegistry();
    private HttpSources sources; // made at the first scrape, once dir is set

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.stop(0);
        }
    }

    private static ScrapeJob job(String settings) throws Exception {
        String yaml = "- job_name: j\n  static_configs: [{targets: ['x:1']}]\n" + settings.indent(2);
        return ConfigLoader.parse("scrape_configs:\n" + yaml.indent(2), "ferry.yml").prometheus().scrapeConfigs().getFirst();
    }

    private List<MetricFamily> scrape(ScrapeJob job, String url) throws Exception {
        ScrapeTarget target = new ScrapeTarget(job.jobName(), Labels.EMPTY, Labels.EMPTY, URI.create(url),
                Duration.ofSeconds(60), Duration.ofSeconds(30), 1);
        if (sources == null) {
            sources = new HttpSources("Ferry/test", dir, registry);
        }
        return sources.forJob(job).forTarget(target)
                .scrape(System.nanoTime() + target.timeout().toNanos());
    }

    @Test
    void scrapesGoThroughTheProxyWithCredentialsFromTheConfigDirectory() throws Exception {
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", x -> {
            proxied.add(x.getRequestURI() + " " + x.getRequestHeaders().getFirst("Authorization"));
            byte[] b = "up_like 1\n".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        });
        proxy.start();
        Files.writeString(dir.resolve("token"), "t0k\n");
        ScrapeJob job = job("proxy_url: http://127.0.0.1:" + proxy.getAddress().getPort() + "\n"
                + "authorization: {credentials_file: token}\n");
        // The target's host is never resolved: the proxy is asked for the whole URL.
        List<MetricFamily> families = scrape(job, "http://target.invalid:9100/metrics");
        assertThat(families).extracting(MetricFamily::name).containsExactly("up_like");
        assertThat(proxied).containsExactly("http://target.invalid:9100/metrics Bearer t0k");
    }

    @Test
    void aTlsFileThatCannotBeReadFailsEveryScrapeSayingWhy() throws Exception {
        ScrapeJob job = job("tls_config: {ca_file: absent-ca.pem}\n");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> scrape(job, "https://127.0.0.1:1/metrics"))
                    .isInstanceOf(ScrapeSource.ScrapeException.class)
                    .hasMessageStartingWith("tls_config: " + dir.resolve("absent-ca.pem") + ": cannot read: ");
        }
    }

    @Test
    void aTokenWithALineBreakInsideFailsTheScrapeNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("token"), "t0k\nX-Evil: 1\n");
        ScrapeJob job = job("authorization: {credentials_file: token}\n");
        assertThatThrownBy(() -> scrape(job, "http://127.0.0.1:1/metrics"))
                .isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("cannot read credentials: credentials_file " + dir.resolve("token")
                        + ": the credentials hold a line break, which a header cannot carry");
    }

    @Test
    void aSocksProxyFailsEveryScrapeSayingWhy() throws Exception {
        // The config file refuses socks5 when it is read; a job built in code meets the scraper's rule.
        ScrapeJob j = job("");
        HttpClientSettings socks = new HttpClientSettings(null, null, TlsSettings.DEFAULTS,
                URI.create("socks5://127.0.0.1:1080"), true);
        ScrapeJob job = new ScrapeJob(j.jobName(), j.scrapeInterval(), j.scrapeTimeout(), j.metricsPath(), j.scheme(),
                j.params(), j.honorLabels(), j.honorTimestamps(), j.limits(), socks, j.staticConfigs(), j.fileSdConfigs(),
                j.httpSdConfigs(), j.dnsSdConfigs(), j.relabelConfigs(), j.metricRelabelConfigs());
        assertThatThrownBy(() -> scrape(job, "http://127.0.0.1:1/metrics"))
                .isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("proxy_url: socks5://127.0.0.1: only http and https proxies are supported");
    }

    @Test
    void aJobWithoutABodySizeLimitHasTheDefaultAndScrapesOverItAreCounted() throws Exception {
        // 101 MiB of newlines in about 100 KB of gzip: before the default, nothing stopped them.
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            byte[] newlines = "\n".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 101; i++) {
                z.write(newlines);
            }
        }
        byte[] body = zipped.toByteArray();
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", x -> {
            x.getResponseHeaders().add("Content-Encoding", "gzip");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        proxy.start();
        String url = "http://127.0.0.1:" + proxy.getAddress().getPort() + "/metrics";
        assertThatThrownBy(() -> scrape(job(""), url))
                .isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("body size limit exceeded: the body is larger than 104857600 bytes");
        assertThatThrownBy(() -> scrape(job("body_size_limit: 1MB\n"), url))
                .isInstanceOf(ScrapeSource.ScrapeException.class)
                .hasMessage("body size limit exceeded: the body is larger than 1048576 bytes");
        assertThat(exceeded("j")).isEqualTo(2);
    }

    private double exceeded(String job) {
        return registry.collect().stream().filter(f -> f.name().equals(HttpSources.BODY_SIZE_LIMIT_EXCEEDED))
                .flatMap(f -> f.metrics().stream())
                .filter(m -> job.equals(m.labels().get("scrape_job")))
                .mapToDouble(m -> ((ValueMetric) m).value()).sum();
    }
}
