package io.ferry.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Pushgateway's computeRoutePrefix and path.Join, and the paths Ferry can route. */
class WebPathsTest {

    @Test
    void routePrefixIsNormalisedAsThePushgatewayDoes() {
        assertThat(WebPaths.routePrefix("", "")).isEmpty();
        assertThat(WebPaths.routePrefix("/", "")).isEmpty();
        assertThat(WebPaths.routePrefix("pg", "")).isEqualTo("/pg");
        assertThat(WebPaths.routePrefix("/pg/", "")).isEqualTo("/pg");
        assertThat(WebPaths.routePrefix("/a/b", "")).isEqualTo("/a/b");
    }

    @Test
    void routePrefixDefaultsToThePathOfTheExternalUrl() {
        assertThat(WebPaths.routePrefix("", "http://example.com/gw/")).isEqualTo("/gw");
        assertThat(WebPaths.routePrefix("", "http://example.com")).isEmpty();
        assertThat(WebPaths.routePrefix("", "http://example.com/")).isEmpty();
        assertThat(WebPaths.routePrefix("/own", "http://example.com/gw")).isEqualTo("/own");
    }

    @Test
    void telemetryPathIsJoinedLikeGoPathJoin() {
        assertThat(WebPaths.join("", "/metrics")).isEqualTo("/metrics");
        assertThat(WebPaths.join("/pg", "/metrics")).isEqualTo("/pg/metrics");
        assertThat(WebPaths.join("/pg", "metrics/")).isEqualTo("/pg/metrics");
        assertThat(WebPaths.join("", "metrics")).isEqualTo("/metrics");
        assertThat(WebPaths.join("", "//a//b")).isEqualTo("/a/b");
        assertThat(WebPaths.join("", "/")).isEqualTo("/");
    }

    @Test
    void refusesPathsTheRouterCannotMatch() {
        assertThatThrownBy(() -> WebPaths.parseRoutePrefix("/a:b"))
                .hasMessage("route prefix \"/a:b\" has ':', which Ferry does not route "
                        + "(allowed: letters, digits, / and -._~!$&'()+,;=@)");
        assertThatThrownBy(() -> WebPaths.parseRoutePrefix("/a/*")).hasMessageContaining("has '*'");
        assertThatThrownBy(() -> WebPaths.parseRoutePrefix("/a/../b")).hasMessage("route prefix \"/a/../b\" has a \"..\" segment");
        assertThatThrownBy(() -> WebPaths.parseTelemetryPath("")).hasMessageContaining("empty telemetry path");
        assertThatThrownBy(() -> WebPaths.parseTelemetryPath("/m%65trics")).hasMessageContaining("has '%'");
        assertThatThrownBy(() -> WebPaths.parseExternalUrl("http://x/a b")).hasMessageContaining("invalid external URL");
        assertThatThrownBy(() -> WebPaths.parseExternalUrl("http://x/a%20b"))
                .hasMessageContaining("path of the external URL \"/a b\" has ' '");
        assertThat(WebPaths.parseRoutePrefix("/push-gw_1.v2~")).isEqualTo("/push-gw_1.v2~");
        assertThat(WebPaths.parseExternalUrl("https://example.com:8443/pg/")).isEqualTo("https://example.com:8443/pg/");
    }

    @Test
    void webConfigDerivesEveryPath() {
        WebConfig w = new WebConfig(ListenAddress.parse(":9091"), "", "https://example.com/gw/", "/prom", false, false);
        assertThat(w.prefix()).isEqualTo("/gw");
        assertThat(w.externalPrefix()).isEqualTo("/gw");
        assertThat(w.metricsPath()).isEqualTo("/gw/prom");
        WebConfig own = new WebConfig(ListenAddress.parse(":9091"), "/", "https://example.com/gw/", "/metrics",
                false, false);
        assertThat(own.prefix()).isEmpty();
        assertThat(own.externalPrefix()).isEqualTo("/gw");
        assertThat(own.metricsPath()).isEqualTo("/metrics");
    }
}
