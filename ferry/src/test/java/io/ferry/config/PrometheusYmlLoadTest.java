package io.ferry.config;

import io.ferry.relabel.RelabelAction;
import io.ferry.remotewrite.QueueSettings;
import io.ferry.remotewrite.Receiver;
import io.ferry.scrape.ScrapeJob;
import io.ferry.scrape.ScrapeLimits;
import io.ferry.scrape.discovery.DnsSd;
import io.ferry.scrape.discovery.FileSd;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prometheus.yml as a Prometheus agent runs it loads unchanged as Ferry's config, with the values
 * Prometheus reads from it. {@code PrometheusYmlPromtoolIT} has promtool accept the same file.
 */
class PrometheusYmlLoadTest {
    static final Path FILE = Path.of("src/test/resources/io/ferry/config/prometheus-agent.yml");

    @Test
    void loadsUnchanged() throws ConfigException {
        PrometheusConfig p = ConfigLoader.load(FILE).prometheus();

        assertThat(p.global().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.global().externalLabels()).containsExactly(Map.entry("cluster", "eu-west-1"), Map.entry("replica", "a"));
        assertThat(p.scrapeConfigs()).extracting(ScrapeJob::jobName)
                .containsExactly("prometheus", "node", "services", "dns-srv", "blackbox", "discovered");

        ScrapeJob prometheus = p.scrapeConfigs().get(0);
        assertThat(prometheus.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(prometheus.scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(prometheus.staticConfigs().get(0).targets()).containsExactly("localhost:9090");

        ScrapeJob node = p.scrapeConfigs().get(1);
        assertThat(node.scrapeTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(node.staticConfigs().get(0).labels()).isEqualTo(Map.of("env", "prod", "rack", "r12"));
        assertThat(node.relabelConfigs().get(0).regex().source()).isEqualTo("([^:]+):\\d+");
        assertThat(node.metricRelabelConfigs().get(0).action()).isEqualTo(RelabelAction.DROP);

        ScrapeJob services = p.scrapeConfigs().get(2);
        assertThat(services.honorLabels()).isTrue();
        assertThat(services.fileSdConfigs().get(0))
                .isEqualTo(new FileSd(List.of("/etc/prometheus/targets/*.json", "/etc/prometheus/targets/*.yml"),
                        Duration.ofMinutes(1)));
        assertThat(services.relabelConfigs().get(1).action()).isEqualTo(RelabelAction.LABELMAP);
        assertThat(services.limits()).isEqualTo(new ScrapeLimits(50000, 64, 128, 2048, 10L << 20, 500, 0));

        ScrapeJob dns = p.scrapeConfigs().get(3);
        assertThat(dns.scheme()).isEqualTo("https");
        assertThat(dns.metricsPath()).isEqualTo("/internal/metrics");
        assertThat(dns.params()).isEqualTo(Map.of("format", List.of("prometheus")));
        assertThat(dns.http().tls().serverName()).isEqualTo("metrics.example.org");
        assertThat(dns.http().basicAuth().password().reveal()).isEqualTo("s3cret");
        assertThat(dns.dnsSdConfigs()).containsExactly(
                new DnsSd(List.of("_metrics._tcp.example.org"), DnsSd.Type.SRV, 0, Duration.ofSeconds(30)),
                new DnsSd(List.of("api.example.org"), DnsSd.Type.A, 8443, Duration.ofMinutes(1)));

        ScrapeJob blackbox = p.scrapeConfigs().get(4);
        assertThat(blackbox.scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(blackbox.staticConfigs().get(0).targets()).containsExactly("https://example.org", "https://example.com");

        ScrapeJob discovered = p.scrapeConfigs().get(5);
        assertThat(discovered.honorTimestamps()).isFalse();
        assertThat(discovered.http().followRedirects()).isFalse();
        assertThat(discovered.http().authorization().credentials().reveal()).isEqualTo("token-value");
        assertThat(discovered.httpSdConfigs().get(0).refreshInterval()).isEqualTo(Duration.ofMinutes(2));

        Receiver rw = p.remoteWrite().get(0);
        assertThat(rw.url()).isEqualTo(URI.create("https://mimir.example.org/api/v1/push"));
        assertThat(rw.name()).isEqualTo("mimir");
        assertThat(rw.remoteTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rw.headers()).isEqualTo(Map.of("X-Scope-OrgID", "team-a"));
        assertThat(rw.writeRelabelConfigs()).hasSize(1);
        assertThat(rw.queue()).isEqualTo(new QueueSettings(20000, 10, 2, 5000, Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofSeconds(10), true, Duration.ZERO));
    }
}
