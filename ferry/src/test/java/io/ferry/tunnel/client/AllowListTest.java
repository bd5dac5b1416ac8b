package io.ferry.tunnel.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowListTest {
    private static AllowList allow(boolean anyPort, String... targets) {
        return new AllowList(List.of(targets).stream().map(TunnelTarget::parse).toList(), anyPort);
    }

    private static AllowList.Decision resolve(AllowList a, String fqdn, String url) {
        return a.resolve(fqdn, URI.create(url));
    }

    @Test
    void aScrapeGoesToTheTargetWithItsPortAndPath() {
        AllowList a = allow(false, "http://localhost:9091/metrics", "http://127.0.0.1:9100");
        assertThat(resolve(a, "gw", "http://gw:9091/metrics"))
                .isEqualTo(new AllowList.Allowed(URI.create("http://localhost:9091/metrics")));
        // A target without a path serves any path on its port, query included.
        assertThat(resolve(a, "gw", "http://gw:9100/probe?module=http_2xx&target=x"))
                .isEqualTo(new AllowList.Allowed(URI.create("http://127.0.0.1:9100/probe?module=http_2xx&target=x")));
    }

    @Test
    void anotherPortAnotherPathOrAnotherHostIsRefusedSayingWhatIsAllowed() {
        AllowList a = allow(false, "http://localhost:9091/metrics");
        assertThat(resolve(a, "gw", "http://gw:22/")).isInstanceOfSatisfying(AllowList.Refused.class,
                r -> assertThat(r.reason()).isEqualTo("target not allowed: gw:22/ is not in this client's targets (9091/metrics)"));
        assertThat(resolve(a, "gw", "http://gw:9091/admin")).isInstanceOf(AllowList.Refused.class);
        assertThat(resolve(a, "gw", "http://other:9091/metrics")).isInstanceOfSatisfying(AllowList.Refused.class,
                r -> assertThat(r.reason()).contains("names host other, not this client's fqdn gw"));
    }

    @Test
    void aTargetNamedForOneFqdnServesOnlyIt() {
        AllowList a = allow(false, "site-a-db=http://10.0.0.5:9187/metrics", "http://localhost:9091/metrics");
        assertThat(resolve(a, "site-a-db", "http://site-a-db:9187/metrics"))
                .isEqualTo(new AllowList.Allowed(URI.create("http://10.0.0.5:9187/metrics")));
        assertThat(resolve(a, "site-a-gw", "http://site-a-gw:9187/metrics")).isInstanceOf(AllowList.Refused.class);
        assertThat(a.declared("site-a-db")).isEqualTo("9187/metrics, 9091/metrics");
        assertThat(a.declared("site-a-gw")).isEqualTo("9091/metrics");
    }

    @Test
    void schemeParameterIsRemovedAndTheTargetsSchemeUsed() {
        AllowList a = allow(false, "https://localhost:9443");
        assertThat(resolve(a, "gw", "http://gw:9443/metrics?_scheme=https&a=1"))
                .isEqualTo(new AllowList.Allowed(URI.create("https://localhost:9443/metrics?a=1")));
        assertThat(resolve(a, "gw", "http://gw:9443/metrics?_scheme=https"))
                .isEqualTo(new AllowList.Allowed(URI.create("https://localhost:9443/metrics")));
    }

    @Test
    void anyPortIsPushProxsRuleOnTheFqdnItselfAndDeclaresNothing() {
        AllowList a = allow(true);
        assertThat(resolve(a, "gw", "http://gw:9100/metrics"))
                .isEqualTo(new AllowList.Allowed(URI.create("http://gw:9100/metrics")));
        assertThat(resolve(a, "gw", "http://gw:9443/metrics?_scheme=https"))
                .isEqualTo(new AllowList.Allowed(URI.create("https://gw:9443/metrics")));
        assertThat(resolve(a, "gw", "http://gw/metrics")).isEqualTo(new AllowList.Allowed(URI.create("http://gw/metrics")));
        assertThat(a.declared("gw")).isNull();
    }

    @Test
    void aPortWithoutAPathIsDeclaredAloneAndDefaultPortsCount() {
        AllowList a = allow(false, "http://localhost:9100/", "http://localhost/metrics");
        assertThat(a.declared("gw")).isEqualTo("9100, 80/metrics");
        assertThat(resolve(a, "gw", "http://gw/metrics"))
                .isEqualTo(new AllowList.Allowed(URI.create("http://localhost/metrics")));
    }

    @Test
    void twoTargetsForTheSamePortAndPathAreRefused() {
        assertThatThrownBy(() -> allow(false, "http://a:9100/metrics", "http://b:9100/metrics"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same port and path");
        // The same port and path for different fqdns is fine.
        allow(false, "x=http://a:9100/metrics", "y=http://b:9100/metrics");
    }

    @Test
    void targetsAreHttpUrlsWithAHostAndNoQuery() {
        assertThat(TunnelTarget.parse("gw=http://localhost:9100/metrics"))
                .isEqualTo(new TunnelTarget("gw", URI.create("http://localhost:9100/metrics")));
        assertThatThrownBy(() -> TunnelTarget.parse("ftp://localhost/")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> TunnelTarget.parse("localhost:9100")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> TunnelTarget.parse("http://localhost:9100/metrics?x=1")).hasMessageContaining("only scheme");
        assertThatThrownBy(() -> TunnelTarget.parse("=http://localhost:9100")).hasMessageContaining("empty");
    }
}
