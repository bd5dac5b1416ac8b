package io.ferry.config;

import io.ferry.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ferry and Prometheus' own checker, {@code promtool check config} (Debian's 2.42), agree on which
 * prometheus.yml files are valid: the realistic agent file both accept, and files both refuse.
 */
class PrometheusYmlPromtoolIT {
    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheFileFerryLoadsUnchanged() throws Exception {
        Promtool.requireAvailable();
        Promtool.Result r = Promtool.checkConfig(PrometheusYmlLoadTest.FILE.toAbsolutePath());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
        assertThat(ConfigLoader.load(PrometheusYmlLoadTest.FILE).prometheus().scrapeConfigs()).hasSize(6);
    }

    @Test
    void bothWarnOfAFileSdPatternThatMatchesNoFileAndStillAccept() throws Exception {
        Promtool.requireAvailable();
        Path f = dir.resolve("prometheus.yml");
        Files.writeString(f, "scrape_configs:\n  - job_name: services\n    file_sd_configs:\n"
                + "      - files: [targets/*.json]\n");
        Promtool.Result r = Promtool.checkConfig(f);
        assertThat(r.exitCode()).as(r.output()).isZero();
        String warning = "file \"" + dir.resolve("targets/*.json") + "\" for file_sd in scrape job \"services\" does not exist";
        assertThat(r.output()).contains("WARNING: " + warning);
        assertThat(ConfigWarnings.of(ConfigLoader.load(f), dir)).containsExactly(warning);
    }

    /** Each is a prometheus.yml both refuse: Ferry with its file:line: key error, promtool with exit 1. */
    @ParameterizedTest
    @ValueSource(strings = {
            "scrape_configs:\n  - job_name: a\n    scrape_interval: 15s\n    scrape_timeout: 20s\n",
            "scrape_configs:\n  - job_name: a\n  - job_name: a\n",
            "scrape_configs:\n  - scrape_interval: 15s\n",
            "scrape_configs:\n  - job_name: a\n    scrape_interval: 1.5s\n",
            "scrape_configs:\n  - job_name: a\n    body_size_limit: 1024\n",
            "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\"https://example.org/x\"]\n",
            "scrape_configs:\n  - job_name: a\n    dns_sd_configs:\n      - {names: [h], type: A}\n",
            "scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - files: [targets.txt]\n",
            "scrape_configs:\n  - job_name: a\n    basic_auth: {username: u, password: p}\n    authorization: {credentials: c}\n",
            "scrape_configs:\n  - job_name: a\n    tls_config: {min_version: TLS14}\n",
            "scrape_configs:\n  - job_name: a\n    static_configs:\n      - {targets: [a:1], labels: {\"a-b\": x}}\n",
            "remote_write:\n  - name: x\n",
            "remote_write:\n  - {url: 'http://a/', name: x}\n  - {url: 'http://b/', name: x}\n",
            "remote_write:\n  - url: http://a/\n    headers: {Content-Type: text/plain}\n",
            "global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n",
            "global:\n  scrape_intervall: 5s\n",
    })
    void bothRefuse(String yaml) throws Exception {
        Promtool.requireAvailable();
        Path file = Files.writeString(dir.resolve("prometheus.yml"), yaml);
        Promtool.Result r = Promtool.checkConfig(file);
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageMatching("\\Q" + file + "\\E:\\d+: .+");
    }

    /** Each is a prometheus.yml both accept, though it looks odd. */
    @ParameterizedTest
    @ValueSource(strings = {
            "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n",
            "scrape_configs:\n  - job_name: a\n    scrape_interval: 1d\n    scrape_timeout: 1h\n    body_size_limit: 1MB512KB\n",
            "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\"https://example.org/x\"]\n"
                    + "    relabel_configs:\n      - {source_labels: [__address__], target_label: __param_target}\n"
                    + "      - {target_label: __address__, replacement: 'blackbox:9115'}\n",
            "scrape_configs:\n  - job_name: a\n    dns_sd_configs:\n      - {names: [h], type: aaaa, port: 1}\n",
            "remote_write:\n  - url: http://a/\n  - url: http://b/\n",
    })
    void bothAccept(String yaml) throws Exception {
        Promtool.requireAvailable();
        Path file = Files.writeString(dir.resolve("prometheus.yml"), yaml);
        Promtool.Result r = Promtool.checkConfig(file);
        assertThat(r.exitCode()).as(r.output()).isZero();
        ConfigLoader.load(file);
    }

    /**
     * Each is a prometheus.yml promtool accepts but that could only fail or misbehave when run;
     * Ferry refuses it at load (docs/RATIONALE.md). If promtool starts refusing one, it moves to
     * {@link #bothRefuse}.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "scrape_configs:\n  - job_name: a\n    scheme: ftp\n",
            "scrape_configs:\n  - job_name: a\n    file_sd_configs: [{files: [a.json], refresh_interval: 0s}]\n",
            "remote_write:\n  - url: http://a/\n    remote_timeout: 0s\n",
            "remote_write:\n  - url: http://a/\n    queue_config: {capacity: 0}\n",
            "remote_write:\n  - url: http://a/\n    queue_config: {batch_send_deadline: 0s}\n",
            "remote_write:\n  - url: http://a/\n    queue_config: {min_shards: 5, max_shards: 2}\n",
            "remote_write:\n  - url: http://a/\n    queue_config: {min_backoff: 10s}\n",
    })
    void onlyFerryRefuses(String yaml) throws Exception {
        Promtool.requireAvailable();
        Path file = Files.writeString(dir.resolve("prometheus.yml"), yaml);
        Promtool.Result r = Promtool.checkConfig(file);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageMatching("\\Q" + file + "\\E:\\d+: .+");
    }
}
