package io.ferry.scrape;

import io.ferry.config.ConfigLoader;
import io.ferry.model.Labels;
import io.ferry.scrape.discovery.TargetGroup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetBuilderTest {

    private static ScrapeJob job(String yaml) throws Exception {
        return ConfigLoader.parse("scrape_configs:\n" + yaml.indent(2), "ferry.yml").prometheus().scrapeConfigs().getFirst();
    }

    private static TargetBuilder.Outcome build(String jobYaml, Labels target, Labels groupLabels) throws Exception {
        return new TargetBuilder(job(jobYaml)).build(new TargetGroup("0", List.of(target), groupLabels), target);
    }

    @Test
    void defaultsGiveJobInstanceAndUrl() throws Exception {
        var o = build("- job_name: node\n  scrape_interval: 15s\n", Labels.of("__address__", "10.0.0.1:9100"),
                Labels.of("zone", "a"));
        assertThat(o).isInstanceOf(TargetBuilder.Active.class);
        ScrapeTarget t = ((TargetBuilder.Active) o).target();
        assertThat(t.labels()).isEqualTo(Labels.of("job", "node", "instance", "10.0.0.1:9100", "zone", "a"));
        assertThat(t.url()).hasToString("http://10.0.0.1:9100/metrics");
        assertThat(t.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(t.discoveredLabels().get("__metrics_path__")).isEqualTo("/metrics");
        assertThat(t.discoveredLabels().get("__scrape_interval__")).isEqualTo("15s");
    }

    @Test
    void relabelingSetsUrlPartsParamsAndInterval() throws Exception {
        var o = build("""
                - job_name: blackbox
                  metrics_path: /probe
                  params: {module: [http_2xx]}
                  relabel_configs:
                    - source_labels: [__address__]
                      target_label: __param_target
                    - source_labels: [__param_target]
                      target_label: instance
                    - target_label: __address__
                      replacement: 127.0.0.1:9115
                    - target_label: __scrape_interval__
                      replacement: 30s
                    - target_label: __scheme__
                      replacement: https
                """, Labels.of("__address__", "example.org", "__meta_x", "y"), Labels.EMPTY);
        ScrapeTarget t = ((TargetBuilder.Active) o).target();
        assertThat(t.url()).hasToString("https://127.0.0.1:9115/probe?module=http_2xx&target=example.org");
        assertThat(t.labels()).isEqualTo(Labels.of("job", "blackbox", "instance", "example.org"));
        assertThat(t.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.discoveredLabels().get("__meta_x")).isEqualTo("y");
    }

    @Test
    void droppedAndInvalidTargetsSayWhy() throws Exception {
        var dropped = build("- job_name: j\n  relabel_configs:\n    - action: drop\n      source_labels: [__address__]\n",
                Labels.of("__address__", "a:1"), Labels.EMPTY);
        assertThat(dropped).isInstanceOf(TargetBuilder.Dropped.class);
        var noAddress = build("- job_name: j\n  relabel_configs:\n    - action: labeldrop\n      regex: __address__\n",
                Labels.of("__address__", "a:1"), Labels.EMPTY);
        assertThat(noAddress).isEqualTo(new TargetBuilder.Invalid(noAddress.discoveredLabels(), "no address"));
        var timeout = build("- job_name: j\n  scrape_interval: 5s\n  scrape_timeout: 5s\n  relabel_configs:\n"
                + "    - target_label: __scrape_timeout__\n      replacement: 10s\n", Labels.of("__address__", "a:1"), Labels.EMPTY);
        assertThat(((TargetBuilder.Invalid) timeout).reason()).isEqualTo("scrape timeout 10s greater than scrape interval 5s");
        // A scheme other than http or https cannot be scraped: that target, and it alone, is invalid.
        var ftp = build("- job_name: j\n  relabel_configs:\n    - target_label: __scheme__\n      replacement: ftp\n",
                Labels.of("__address__", "a:1"), Labels.EMPTY);
        assertThat(((TargetBuilder.Invalid) ftp).reason()).isEqualTo("unsupported scheme \"ftp\" (http or https)");
    }

    /** The path is escaped as Go's url.URL escapes it: a ? stays in the path, the params come after. */
    @Test
    void theMetricsPathIsEscapedAsPrometheusEscapesIt() throws Exception {
        var t = ((TargetBuilder.Active) build("- job_name: j\n  params: {y: ['2']}\n  relabel_configs:\n"
                + "    - target_label: __metrics_path__\n      replacement: /f/ok?x=1\n",
                Labels.of("__address__", "a:1"), Labels.EMPTY)).target();
        assertThat(t.url()).hasToString("http://a:1/f/ok%3Fx=1?y=2");
        assertThat(TargetBuilder.escapedPath("/a b/ü/%2F/$&+,:;=@-._~")).isEqualTo("/a%20b/%C3%BC/%252F/$&+,:;=@-._~");
        assertThat(TargetBuilder.escapedPath("/metrics")).isEqualTo("/metrics");
        assertThat(TargetBuilder.escapedPath("")).isEmpty();

        var relative = ((TargetBuilder.Active) build("- job_name: j\n  metrics_path: stats/prom\n",
                Labels.of("__address__", "a:1"), Labels.EMPTY)).target();
        assertThat(relative.url()).as("Go's url.URL gives a path without a leading / one").hasToString("http://a:1/stats/prom");
    }

    /** A container or service name with an underscore is a host, as Prometheus scrapes it. */
    @Test
    void aHostWithAnUnderscoreIsScraped() throws Exception {
        var t = ((TargetBuilder.Active) build("- job_name: j\n", Labels.of("__address__", "my_app:8080"), Labels.EMPTY)).target();
        assertThat(t.url()).hasToString("http://my_app:8080/metrics");
        assertThat(io.ferry.http.ClientRequest.get(t.url()).uri()).isEqualTo(t.url());
    }

    @Test
    void theKeyIsStableAndTellsTargetsApart() throws Exception {
        String yaml = "- job_name: j\n";
        ScrapeTarget a = ((TargetBuilder.Active) build(yaml, Labels.of("__address__", "a:1"), Labels.EMPTY)).target();
        ScrapeTarget again = ((TargetBuilder.Active) build(yaml, Labels.of("__address__", "a:1"), Labels.EMPTY)).target();
        ScrapeTarget b = ((TargetBuilder.Active) build(yaml, Labels.of("__address__", "b:1"), Labels.EMPTY)).target();
        assertThat(a.key()).isEqualTo(again.key()).isNotEqualTo(b.key());
        assertThat(a.offsetNanos(0)).isBetween(0L, Duration.ofMinutes(1).toNanos() - 1);
    }
}
