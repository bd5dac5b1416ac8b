package io.ferry.config;

import io.ferry.http.AuthorizationHeader;
import io.ferry.http.BasicAuth;
import io.ferry.http.HttpClientSettings;
import io.ferry.http.TlsSettings;
import io.ferry.relabel.RelabelAction;
import io.ferry.remotewrite.QueueSettings;
import io.ferry.remotewrite.Receiver;
import io.ferry.scrape.ScrapeJob;
import io.ferry.scrape.ScrapeLimits;
import io.ferry.scrape.discovery.DnsSd;
import io.ferry.scrape.discovery.FileSd;
import io.ferry.scrape.discovery.HttpSd;
import io.ferry.scrape.discovery.StaticTargets;
import io.ferry.scrape.discovery.TunnelSd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** global, scrape_configs and remote_write: Prometheus' defaults and checks, with Ferry's file:line: key errors. */
class PrometheusSectionsTest {

    private static PrometheusConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yml").prometheus();
    }

    private static ScrapeJob job(String yaml) throws ConfigException {
        return parse("scrape_configs:\n  - job_name: j\n" + yaml).scrapeConfigs().get(0);
    }

    private static void fails(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void noSectionsIsNoJobsAndPrometheusGlobals() throws ConfigException {
        PrometheusConfig p = parse("log:\n  level: info\n");
        assertThat(p).isEqualTo(PrometheusConfig.EMPTY);
        assertThat(p.global().scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(FerryConfig.DEFAULTS.prometheus()).isEqualTo(PrometheusConfig.EMPTY);
    }

    @Test
    void aJobHasPrometheusDefaults() throws ConfigException {
        ScrapeJob j = job("");
        assertThat(j.jobName()).isEqualTo("j");
        assertThat(j.scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(j.scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(j.metricsPath()).isEqualTo("/metrics");
        assertThat(j.scheme()).isEqualTo("http");
        assertThat(j.params()).isEmpty();
        assertThat(j.honorLabels()).isFalse();
        assertThat(j.honorTimestamps()).isTrue();
        assertThat(j.limits()).isEqualTo(ScrapeLimits.NONE);
        assertThat(j.http()).isEqualTo(HttpClientSettings.DEFAULTS);
        assertThat(j.http().followRedirects()).isTrue();
        assertThat(j.staticConfigs()).isEmpty();
        assertThat(j.relabelConfigs()).isEmpty();
    }

    @Test
    void jobsTakeTheGlobalIntervalTimeoutAndLimits() throws ConfigException {
        PrometheusConfig p = parse("""
                global:
                  scrape_interval: 20s
                  scrape_timeout: 15s
                  sample_limit: 100
                  body_size_limit: 1MB
                scrape_configs:
                  - job_name: a
                  - job_name: b
                    scrape_interval: 5s
                    sample_limit: 7
                """);
        ScrapeJob a = p.scrapeConfigs().get(0);
        ScrapeJob b = p.scrapeConfigs().get(1);
        assertThat(a.scrapeInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(a.scrapeTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(a.limits().sampleLimit()).isEqualTo(100);
        assertThat(a.limits().bodySizeLimit()).isEqualTo(1 << 20);
        // The global timeout is capped at a shorter job interval, as Prometheus does.
        assertThat(b.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.limits().sampleLimit()).isEqualTo(7);
        assertThat(b.limits().bodySizeLimit()).isEqualTo(1 << 20);
    }

    @Test
    void aShortGlobalIntervalCapsTheDefaultTimeout() throws ConfigException {
        assertThat(parse("global:\n  scrape_interval: 5s\n").global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutLongerThanTheIntervalIsRefusedWithItsLine() {
        fails("""
                scrape_configs:
                  - job_name: a
                  - job_name: b
                    scrape_interval: 15s
                    scrape_timeout: 20s
                """, "ferry.yml:5: scrape_configs[1].scrape_timeout: 20s is longer than scrape_interval 15s");
        fails("global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n",
                "ferry.yml:3: global.scrape_timeout: 6s is longer than scrape_interval 5s");
        fails("global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n    scrape_timeout: 1m\n",
                "ferry.yml:5: scrape_configs[0].scrape_timeout: 1m is longer than scrape_interval 5s");
    }

    @Test
    void jobNamesAreRequiredAndUnique() {
        fails("scrape_configs:\n  - job_name: a\n  - job_name: a\n",
                "ferry.yml:3: scrape_configs[1].job_name: \"a\" is used by an earlier scrape config; job names must be unique");
        fails("scrape_configs:\n  - scrape_interval: 1s\n", "ferry.yml:2: scrape_configs[0].job_name: is required");
        fails("scrape_configs:\n  - job_name: \"\"\n", "ferry.yml:2: scrape_configs[0].job_name: must not be empty");
    }

    @Test
    void unknownKeysAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> job("    scrape_intervall: 1s\n"))
                .hasMessageStartingWith("ferry.yml:3: unknown key \"scrape_intervall\" in scrape_configs[0]");
        assertThatThrownBy(() -> parse("global:\n  scrape_interval: 1s\n  foo: 1\n"))
                .hasMessageStartingWith("ferry.yml:3: unknown key \"foo\" in global");
        assertThatThrownBy(() -> parse("remote_write:\n  - url: http://a/\n    queue_config:\n      shards: 3\n"))
                .hasMessageStartingWith("ferry.yml:4: unknown key \"shards\" in remote_write[0].queue_config");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kubernetes_sd_configs: [{role: pod}]|scrape_configs[0].kubernetes_sd_configs: not supported by Ferry (service discovery: static_configs, file_sd_configs, http_sd_configs, dns_sd_configs, tunnel_sd_configs)",
            "consul_sd_configs: [{server: 'a:1'}]|scrape_configs[0].consul_sd_configs: not supported by Ferry (service discovery: static_configs, file_sd_configs, http_sd_configs, dns_sd_configs, tunnel_sd_configs)",
            "scrape_classic_histograms: true|scrape_configs[0].scrape_classic_histograms: not supported by Ferry",
            "native_histogram_bucket_limit: 10|scrape_configs[0].native_histogram_bucket_limit: not supported by Ferry",
            "oauth2: {client_id: a}|scrape_configs[0].oauth2: not supported by Ferry (use basic_auth or authorization; proxies by proxy_url)",
            "bearer_token: t|scrape_configs[0].bearer_token: not supported by Ferry (use basic_auth or authorization; proxies by proxy_url)",
    })
    void keysFerryDoesNotSupportAreRefusedByName(String yaml, String message) {
        assertThatThrownBy(() -> job("    " + yaml + "\n")).hasMessage("ferry.yml:3: " + message);
    }

    @Test
    void otherPrometheusSectionsAreRefusedByName() {
        fails("global: {}\nrule_files: [a.yml]\n",
                "ferry.yml:2: rule_files: not supported by Ferry (Ferry scrapes and forwards; see docs/scrape.md)");
        fails("rule_files: [a.yml]\nalerting: {}\n",
                "ferry.yml:1: rule_files: not supported by Ferry (Ferry scrapes and forwards; see docs/scrape.md)\n"
                        + "ferry.yml:2: alerting: not supported by Ferry (Ferry scrapes and forwards; see docs/scrape.md)");
        fails("remote_write:\n  - url: http://a/\n    send_exemplars: true\n",
                "ferry.yml:3: remote_write[0].send_exemplars: not supported by Ferry (Ferry sends remote write 1.0 samples only)");
        fails("global:\n  scrape_protocols: [PrometheusText0.0.4]\n",
                "ferry.yml:2: global.scrape_protocols: not supported by Ferry");
    }

    @Test
    void ruleSettingsInGlobalAreAcceptedAndIgnored() throws ConfigException {
        assertThat(parse("global:\n  evaluation_interval: 30s\n  rule_query_offset: 1m\n  query_log_file: q.log\n").global())
                .isEqualTo(PromGlobalConfig.DEFAULTS);
        fails("global:\n  evaluation_interval: 30 s\n", "ferry.yml:2: global.evaluation_interval: invalid duration "
                + "\"30 s\" (whole numbers with units y, w, d, h, m, s, ms in that order, for example 1d, 1h30m, 15s)");
    }

    @Test
    void durationsAndSizesArePrometheus() throws ConfigException {
        ScrapeJob j = job("    scrape_interval: 1d\n    scrape_timeout: 2h\n    body_size_limit: 10MB\n");
        assertThat(j.scrapeInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(j.scrapeTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(j.limits().bodySizeLimit()).isEqualTo(10L << 20);
        assertThatThrownBy(() -> job("    body_size_limit: 1024\n"))
                .hasMessageStartingWith("ferry.yml:3: scrape_configs[0].body_size_limit: size \"1024\" has an unknown unit");
        assertThatThrownBy(() -> job("    scrape_interval: 1.5s\n"))
                .hasMessageStartingWith("ferry.yml:3: scrape_configs[0].scrape_interval: invalid duration \"1.5s\"");
    }

    @Test
    void limitsAreNotNegative() {
        assertThatThrownBy(() -> job("    sample_limit: -1\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].sample_limit: must not be negative, got -1");
    }

    /** Prometheus accepts any scheme here and fails every scrape; Ferry says so at load (docs/RATIONALE.md). */
    @Test
    void schemeIsHttpOrHttps() throws ConfigException {
        assertThat(job("    scheme: https\n").scheme()).isEqualTo("https");
        assertThatThrownBy(() -> job("    scheme: ftp\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].scheme: must be http or https, got \"ftp\"");
    }

    @Test
    void paramsAreNamesWithLists() throws ConfigException {
        assertThat(job("    params:\n      module: [http_2xx, tcp]\n      target: [a]\n").params())
                .isEqualTo(Map.of("module", List.of("http_2xx", "tcp"), "target", List.of("a")));
        assertThatThrownBy(() -> job("    params:\n      module: http_2xx\n"))
                .hasMessageStartingWith("ferry.yml:4: scrape_configs[0].params.module must be a sequence");
    }

    @Test
    void basicAuthAndAuthorization() throws ConfigException {
        BasicAuth b = job("    basic_auth: {username: u, password_file: /run/pw}\n").http().basicAuth();
        assertThat(b).isEqualTo(new BasicAuth("u", null, Path.of("/run/pw")));
        AuthorizationHeader a = job("    authorization: {credentials: tok}\n").http().authorization();
        assertThat(a.type()).isEqualTo("Bearer");
        assertThat(a.credentials().reveal()).isEqualTo("tok");
        assertThat(a.toString()).doesNotContain("tok");
        assertThatThrownBy(() -> job("    basic_auth: {username: u, password: p, password_file: f}\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].basic_auth.password_file: at most one of password and password_file may be set");
        assertThatThrownBy(() -> job("    authorization: {credentials: c, credentials_file: f}\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].authorization.credentials_file: at most one of credentials and credentials_file may be set");
        assertThatThrownBy(() -> job("    authorization: {type: Basic, credentials: c}\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].authorization.type: cannot be \"Basic\": use basic_auth instead");
        assertThatThrownBy(() -> job("    basic_auth: {username: u}\n    authorization: {credentials: c}\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].authorization: at most one of basic_auth and authorization may be set");
    }

    @Test
    void tlsConfig() throws ConfigException {
        TlsSettings t = job("""
                    tls_config:
                      ca_file: ca.pem
                      cert_file: c.pem
                      key_file: k.pem
                      server_name: s
                      insecure_skip_verify: true
                      min_version: TLS13
                """).http().tls();
        assertThat(t).isEqualTo(new TlsSettings(Path.of("ca.pem"), Path.of("c.pem"), Path.of("k.pem"), "s", true, "TLS13"));
        assertThatThrownBy(() -> job("    tls_config: {cert_file: c.pem}\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].tls_config.cert_file: cert_file and key_file must be set together");
        assertThatThrownBy(() -> job("    tls_config: {min_version: TLS14}\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].tls_config.min_version: unknown TLS version \"TLS14\" (one of TLS10, TLS11, TLS12, TLS13)");
        assertThatThrownBy(() -> job("    tls_config: {ca: inline}\n"))
                .hasMessageStartingWith("ferry.yml:3: scrape_configs[0].tls_config.ca: not supported by Ferry");
    }

    @Test
    void proxyUrlAndFollowRedirects() throws ConfigException {
        HttpClientSettings h = job("    proxy_url: http://proxy:3128\n    follow_redirects: false\n    enable_http2: true\n").http();
        assertThat(h.proxyUrl()).isEqualTo(URI.create("http://proxy:3128"));
        assertThat(h.followRedirects()).isFalse();
        assertThatThrownBy(() -> job("    proxy_url: proxy:3128\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].proxy_url: \"proxy:3128\" must start with http:// or https://");
        assertThatThrownBy(() -> job("    proxy_url: socks5://proxy:1080\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].proxy_url: \"socks5://proxy:1080\": socks5 proxies are not "
                        + "supported, only http:// and https://");
    }

    @Test
    void staticConfigs() throws ConfigException {
        List<StaticTargets> s = job("    static_configs:\n      - targets: [a:1, b:2]\n        labels: {env: prod}\n      - targets: [c:3]\n")
                .staticConfigs();
        assertThat(s).containsExactly(new StaticTargets(List.of("a:1", "b:2"), Map.of("env", "prod")),
                new StaticTargets(List.of("c:3"), Map.of()));
        assertThatThrownBy(() -> job("    static_configs:\n      - targets: [a:1]\n        labels: {\"bad-name\": x}\n"))
                .hasMessage("ferry.yml:5: scrape_configs[0].static_configs[0].labels: \"bad-name\" is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        assertThatThrownBy(() -> job("    static_configs:\n      - targetz: [a:1]\n"))
                .hasMessageStartingWith("ferry.yml:4: unknown key \"targetz\" in scrape_configs[0].static_configs[0]");
    }

    @Test
    void urlsAsTargetsNeedRelabeling() throws ConfigException {
        assertThatThrownBy(() -> job("    static_configs:\n      - targets: [a:1, \"http://b/\"]\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].static_configs[0].targets: \"http://b/\" is not a valid hostname "
                        + "(a target is host:port; URLs need relabel_configs that set __address__)");
        assertThat(job("    static_configs:\n      - targets: [\"http://b/\"]\n"
                + "    relabel_configs:\n      - {target_label: __address__, replacement: 'bb:9115'}\n")
                .staticConfigs().get(0).targets()).containsExactly("http://b/");
    }

    @Test
    void fileSdConfigs() throws ConfigException {
        FileSd f = job("    file_sd_configs:\n      - files: [/etc/t/*.json, t.yaml]\n").fileSdConfigs().get(0);
        assertThat(f).isEqualTo(new FileSd(List.of("/etc/t/*.json", "t.yaml"), Duration.ofMinutes(5)));
        assertThat(job("    file_sd_configs:\n      - {files: [a.yml], refresh_interval: 1h}\n").fileSdConfigs().get(0)
                .refreshInterval()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> job("    file_sd_configs:\n      - files: [/etc/*/t.json]\n"))
                .hasMessageStartingWith("ferry.yml:4: scrape_configs[0].file_sd_configs[0].files: \"/etc/*/t.json\" is not a valid file pattern");
        assertThatThrownBy(() -> job("    file_sd_configs:\n      - files: [targets.txt]\n"))
                .hasMessageStartingWith("ferry.yml:4: scrape_configs[0].file_sd_configs[0].files: \"targets.txt\" is not a valid file pattern");
        assertThatThrownBy(() -> job("    file_sd_configs:\n      - refresh_interval: 1m\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].file_sd_configs[0].files: is required");
    }

    @Test
    void httpSdConfigs() throws ConfigException {
        HttpSd h = job("    http_sd_configs:\n      - url: http://inv/targets\n").httpSdConfigs().get(0);
        assertThat(h.url()).isEqualTo(URI.create("http://inv/targets"));
        assertThat(h.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(job("    http_sd_configs:\n      - url: https://inv/\n        authorization: {credentials: t}\n")
                .httpSdConfigs().get(0).http().authorization().type()).isEqualTo("Bearer");
        assertThatThrownBy(() -> job("    http_sd_configs:\n      - url: ftp://inv/\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].http_sd_configs[0].url: \"ftp://inv/\" must start with http:// or https://");
        assertThatThrownBy(() -> job("    http_sd_configs:\n      - refresh_interval: 1m\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].http_sd_configs[0].url: is required");
    }

    @Test
    void dnsSdConfigs() throws ConfigException {
        DnsSd srv = job("    dns_sd_configs:\n      - names: [_m._tcp.example.org]\n").dnsSdConfigs().get(0);
        assertThat(srv).isEqualTo(new DnsSd(List.of("_m._tcp.example.org"), DnsSd.Type.SRV, 0, Duration.ofSeconds(30)));
        DnsSd a = job("    dns_sd_configs:\n      - {names: [h], type: AAAA, port: 9100}\n").dnsSdConfigs().get(0);
        assertThat(a.type()).isEqualTo(DnsSd.Type.AAAA);
        assertThat(a.port()).isEqualTo(9100);
        assertThatThrownBy(() -> job("    dns_sd_configs:\n      - {names: [h], type: A}\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].dns_sd_configs[0].port: is required for A records (SRV records carry their own)");
        assertThatThrownBy(() -> job("    dns_sd_configs:\n      - {names: [h], type: MX}\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].dns_sd_configs[0].type: \"MX\" records are not supported by Ferry (SRV, A, AAAA)");
        assertThatThrownBy(() -> job("    dns_sd_configs:\n      - {names: [h], type: TXT}\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].dns_sd_configs[0].type: unknown DNS record type \"TXT\" (SRV, A, AAAA)");
        assertThatThrownBy(() -> job("    dns_sd_configs:\n      - {type: SRV}\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].dns_sd_configs[0].names: is required");
    }

    @Test
    void tunnelSdConfigs() throws ConfigException {
        assertThat(job("    tunnel_sd_configs:\n      - fqdns: [\"*.site-a\", gw]\n").tunnelSdConfigs())
                .containsExactly(new TunnelSd(List.of("*.site-a", "gw")));
        ScrapeJob all = job("    tunnel_sd_configs: [{}]\n");
        assertThat(all.tunnelSdConfigs()).containsExactly(new TunnelSd(List.of()));
        assertThat(all.throughTunnel()).isTrue();
        assertThat(job("    static_configs: [{targets: ['a:1']}]\n").throughTunnel()).isFalse();
        assertThatThrownBy(() -> job("    tunnel_sd_configs:\n      - fqdns: [\"\"]\n"))
                .hasMessage("ferry.yml:4: scrape_configs[0].tunnel_sd_configs[0].fqdns: an fqdn pattern must not be empty "
                        + "(omit fqdns for every client)");
        assertThatThrownBy(() -> job("    tunnel_sd_configs:\n      - names: [a]\n"))
                .hasMessageStartingWith("ferry.yml:4: unknown key \"names\" in scrape_configs[0].tunnel_sd_configs[0]");
        assertThatThrownBy(() -> job("    proxy_url: http://proxy:8080/\n    tunnel_sd_configs: [{}]\n"))
                .hasMessage("ferry.yml:3: scrape_configs[0].proxy_url: cannot be used with tunnel_sd_configs (their "
                        + "targets are scraped through this Ferry's tunnel proxy, in-process)");
    }

    @Test
    void relabelRulesUseTheRelabelReader() throws ConfigException {
        ScrapeJob j = job("    relabel_configs:\n      - {source_labels: [a], target_label: b}\n"
                + "    metric_relabel_configs:\n      - {source_labels: [__name__], regex: x, action: drop}\n");
        assertThat(j.relabelConfigs()).hasSize(1);
        assertThat(j.metricRelabelConfigs().get(0).action()).isEqualTo(RelabelAction.DROP);
        assertThatThrownBy(() -> job("    metric_relabel_configs:\n      - {action: keepp}\n"))
                .hasMessageStartingWith("ferry.yml:4: scrape_configs[0].metric_relabel_configs[0].action: unknown action \"keepp\"");
    }

    @Test
    void remoteWriteDefaults() throws ConfigException {
        Receiver r = parse("remote_write:\n  - url: http://recv:9090/api/v1/write\n").remoteWrite().get(0);
        assertThat(r.url()).isEqualTo(URI.create("http://recv:9090/api/v1/write"));
        assertThat(r.name()).isEmpty();
        assertThat(r.remoteTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.headers()).isEmpty();
        assertThat(r.writeRelabelConfigs()).isEmpty();
        assertThat(r.http()).isEqualTo(HttpClientSettings.DEFAULTS);
        assertThat(r.queue()).isEqualTo(new QueueSettings(10000, 50, 1, 2000, Duration.ofSeconds(5), Duration.ofMillis(30),
                Duration.ofSeconds(5), false, Duration.ZERO));
    }

    @Test
    void remoteWriteRules() {
        fails("remote_write:\n  - name: a\n", "ferry.yml:2: remote_write[0].url: is required");
        fails("remote_write:\n  - {url: 'http://a/', name: x}\n  - {url: 'http://b/', name: x}\n",
                "ferry.yml:3: remote_write[1].name: \"x\" is used by an earlier remote_write; names must be unique");
        fails("remote_write:\n  - url: http://a/\n    headers: {Content-Type: text/plain}\n",
                "ferry.yml:3: remote_write[0].headers: \"Content-Type\" is set by Ferry and cannot be overridden");
        fails("remote_write:\n  - url: http://a/\n    queue_config: {min_shards: 5, max_shards: 2}\n",
                "ferry.yml:3: remote_write[0].queue_config.min_shards: min_shards 5 is more than max_shards 2");
        fails("remote_write:\n  - url: http://a/\n    queue_config: {min_backoff: 10s}\n",
                "ferry.yml:3: remote_write[0].queue_config.min_backoff: min_backoff 10s is longer than max_backoff 5s");
        fails("remote_write:\n  - url: http://a/\n    queue_config: {capacity: 0}\n",
                "ferry.yml:3: remote_write[0].queue_config.capacity: must be between 1 and 2147483647, got 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"external_labels: {\"a-b\": x}", "external_labels: [a]"})
    void externalLabelsAreLabelNamesToValues(String yaml) {
        assertThatThrownBy(() -> parse("global:\n  " + yaml + "\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ferry.yml:2: global.external_labels");
    }
}
