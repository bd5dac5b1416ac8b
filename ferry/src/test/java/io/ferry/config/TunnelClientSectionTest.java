package io.ferry.config;

import io.ferry.http.TlsSettings;
import io.ferry.tunnel.client.AllowList;
import io.ferry.tunnel.client.ClientLabels;
import io.ferry.tunnel.client.TunnelClientOptions;
import io.ferry.tunnel.client.TunnelTarget;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code tunnel_client:}, read through the whole loader into the client's own options. */
class TunnelClientSectionTest {

    private static TunnelClientOptions read(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yml").tunnelClient();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        TunnelClientOptions o = read("""
                tunnel_client:
                  proxy_url: https://central:9091
                  fqdns: [site-a-gw, site-a-db]
                  targets: ["http://localhost:9091/metrics", "site-a-db=http://10.0.0.5:9187/metrics"]
                  labels: {site: a}
                  token_file: tunnel.token
                  tls_config: {ca_file: ca.pem, cert_file: c.pem, key_file: k.pem, server_name: central}
                  poll_renew: 20s
                  retry_initial_wait: 500ms
                  retry_max_wait: 10s
                  max_concurrent_scrapes: 8
                  max_response_bytes: 10MiB
                """);
        assertThat(o).isEqualTo(new TunnelClientOptions(URI.create("https://central:9091/"), List.of("site-a-gw", "site-a-db"),
                new AllowList(List.of(TunnelTarget.parse("http://localhost:9091/metrics"),
                        TunnelTarget.parse("site-a-db=http://10.0.0.5:9187/metrics")), false),
                ClientLabels.of(Map.of("site", "a")), Path.of("tunnel.token"),
                new TlsSettings(Path.of("ca.pem"), Path.of("c.pem"), Path.of("k.pem"), "central", false, null),
                Duration.ofSeconds(20), Duration.ofMillis(500), Duration.ofSeconds(10), 8, 10L << 20));
    }

    @Test
    void absentSectionIsNoClientAndAbsentKeysKeepTheirDefaults() throws Exception {
        assertThat(read("")).isNull();
        TunnelClientOptions o = read("tunnel_client:\n  proxy_url: http://p/\n  fqdns: [gw]\n  allow_any_port: true\n");
        assertThat(o).isEqualTo(TunnelClientOptions.of(URI.create("http://p/"), List.of("gw"), new AllowList(List.of(), true)));
    }

    @Test
    void problemsAreNamedWithTheirLine() {
        assertThatThrownBy(() -> read("tunnel_client:\n  fqdns: [gw]\n  allow_any_port: true\n"))
                .hasMessageContaining("tunnel_client.proxy_url");
        assertThatThrownBy(() -> read("tunnel_client:\n  proxy_url: http://p/\n  fqdns: [gw]\n"))
                .hasMessageContaining("ferry.yml:3").hasMessageContaining("no target serves it");
        assertThatThrownBy(() -> read("tunnel_client:\n  proxy_url: http://p/\n  fqdns: [gw]\n  targets: [\"localhost:9100\"]\n"))
                .hasMessageContaining("ferry.yml:4").hasMessageContaining("http or https");
        assertThatThrownBy(() -> read("tunnel_client:\n  proxy_url: http://p/\n  fqdns: [gw]\n  allow_any_port: true\n"
                + "  labels: {__x: y}\n")).hasMessageContaining("tunnel_client.labels");
        assertThatThrownBy(() -> read("tunnel_client:\n  proxy_url: http://p/\n  fqdn: gw\n"))
                .hasMessageContaining("unknown key \"fqdn\"");
    }

    @Test
    void flagsOverTheFileKeepTheSection() throws Exception {
        FerryConfig c = ConfigLoader.parse("tunnel_client:\n  proxy_url: http://p/\n  fqdns: [gw]\n  allow_any_port: true\n",
                "ferry.yml");
        FerryConfig flagged = new ConfigOverrides(ListenAddress.parse("127.0.0.1:0"), null, null, null, null).applyTo(c);
        assertThat(flagged.tunnelClient()).isEqualTo(c.tunnelClient()).isNotNull();
    }
}
