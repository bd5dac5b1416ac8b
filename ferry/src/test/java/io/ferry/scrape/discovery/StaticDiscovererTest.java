package io.ferry.scrape.discovery;

import io.ferry.config.ConfigLoader;
import io.ferry.scrape.ScrapeJob;
import io.ferry.model.Labels;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StaticDiscovererTest {
    @TempDir
    Path dir;

    @Test
    void oneGroupPerItemNumberedFromZeroSentAtStart() {
        var d = new StaticDiscoverer(List.of(
                new io.ferry.scrape.discovery.StaticTargets(List.of("a:1", "b:1"), Map.of("env", "prod")),
                new io.ferry.scrape.discovery.StaticTargets(List.of("c:1"), Map.of())));
        Updates u = new Updates();
        d.start(u);
        assertThat(u.allCalls()).containsExactly(List.of(
                new TargetGroup("0", List.of(Labels.of("__address__", "a:1"), Labels.of("__address__", "b:1")), Labels.of("env", "prod")),
                new TargetGroup("1", List.of(Labels.of("__address__", "c:1")), Labels.EMPTY)));
        d.close();
    }

    @Test
    void forJobBuildsOneDiscovererPerMechanismItemAndTheirSeries() throws Exception {
        ScrapeJob job = ConfigLoader.parse("""
                scrape_configs:
                  - job_name: node
                    static_configs: [{targets: ['a:1']}, {targets: ['b:1']}]
                    file_sd_configs: [{files: [sd/*.json]}]
                    http_sd_configs: [{url: 'http://127.0.0.1:1/sd'}]
                    dns_sd_configs: [{names: [x.example.test]}, {names: [y.example.test], type: A, port: 80}]
                """, "ferry.yml").prometheus().scrapeConfigs().getFirst();
        Registry registry = new DefaultRegistry();
        DiscoveryMetrics metrics = DiscoveryMetrics.register(registry);
        var executor = Discoverers.newExecutor();
        try {
            List<Discoverer> ds = Discoverers.forJob(job, dir, executor, metrics);
            assertThat(ds).extracting(d -> d.getClass().getSimpleName()).containsExactly("StaticDiscoverer",
                    "FileDiscoverer", "HttpDiscoverer", "DnsDiscoverer", "DnsDiscoverer");
            ds.forEach(Discoverer::close);
        } finally {
            executor.shutdownNow();
        }
        assertThat(registry.collect()).extracting(f -> f.name()).contains("ferry_sd_file_read_errors_total",
                "ferry_sd_http_failures_total", "ferry_sd_dns_lookups_total", "ferry_sd_dns_lookup_failures_total");
        assertThat(registry.collect().stream().filter(f -> f.name().equals("ferry_sd_http_failures_total")).findFirst()
                .orElseThrow().metrics().getFirst().labels()).isEqualTo(Labels.of("scrape_job", "node"));
    }
}
