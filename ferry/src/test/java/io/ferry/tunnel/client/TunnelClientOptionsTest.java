package io.ferry.tunnel.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TunnelClientOptionsTest {
    private static final AllowList ANY = new AllowList(List.of(), true);

    @Test
    void theProxyUrlEndsInExactlyOneSlashAsPushProxMakesIt() {
        assertThat(TunnelClientOptions.of(URI.create("http://proxy:8080"), List.of("gw"), ANY).proxyUrl())
                .isEqualTo(URI.create("http://proxy:8080/"));
        assertThat(TunnelClientOptions.of(URI.create("https://proxy/tunnel//"), List.of("gw"), ANY).proxyUrl())
                .isEqualTo(URI.create("https://proxy/tunnel/"));
    }

    @Test
    void withoutTargetsOnlyAllowAnyPortStarts() {
        assertThatThrownBy(() -> TunnelClientOptions.of(URI.create("http://proxy/"), List.of("gw"),
                new AllowList(List.of(), false))).hasMessageContaining("no target serves it");
        AllowList onlyDb = new AllowList(List.of(TunnelTarget.parse("db=http://10.0.0.5:9187/metrics")), false);
        assertThatThrownBy(() -> TunnelClientOptions.of(URI.create("http://proxy/"), List.of("db", "gw"), onlyDb))
                .hasMessageContaining("fqdn gw: no target serves it");
    }

    @Test
    void badValuesAreNamed() {
        URI proxy = URI.create("http://proxy/");
        assertThatThrownBy(() -> TunnelClientOptions.of(URI.create("ftp://proxy/"), List.of("gw"), ANY)).hasMessageContaining("proxy URL");
        assertThatThrownBy(() -> TunnelClientOptions.of(proxy, List.of(), ANY)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> TunnelClientOptions.of(proxy, List.of("gw", "GW"), ANY)).hasMessageContaining("more than once");
        assertThatThrownBy(() -> TunnelClientOptions.of(proxy, List.of("gw:9100"), ANY)).hasMessageContaining("host name");
        assertThatThrownBy(() -> TunnelClientOptions.of(proxy, List.of("gw"), ANY)
                .withRetry(Duration.ofSeconds(5), Duration.ofSeconds(1))).hasMessageContaining("below the initial wait");
    }
}
