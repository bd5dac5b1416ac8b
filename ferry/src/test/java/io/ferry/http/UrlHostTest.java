package io.ferry.http;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class UrlHostTest {

    @Test
    void readsTheHostsJavasUriLeavesNullAsGoReadsThem() {
        assertThat(URI.create("http://my_app:8080/metrics").getHost()).as("the JDK's reading").isNull();
        assertThat(UrlHost.of(URI.create("http://my_app:8080/metrics"))).contains(new UrlHost("my_app", 8080));
        assertThat(UrlHost.of(URI.create("https://node_1.example_net/x"))).contains(new UrlHost("node_1.example_net", -1));
        assertThat(UrlHost.of(URI.create("http://my_app:8080/")).orElseThrow().hostHeader(false)).isEqualTo("my_app:8080");
    }

    @Test
    void readsOrdinaryHostsAndIpv6LiteralsAsTheJdkDoes() {
        assertThat(UrlHost.of(URI.create("http://example.org/metrics"))).contains(new UrlHost("example.org", -1));
        UrlHost v6 = UrlHost.of(URI.create("https://[::1]:9443/metrics")).orElseThrow();
        assertThat(v6).isEqualTo(new UrlHost("::1", 9443));
        assertThat(v6.hostHeader(true)).isEqualTo("[::1]:9443");
        assertThat(UrlHost.of(URI.create("http://example.org:80/")).orElseThrow().hostHeader(false)).isEqualTo("example.org");
        assertThat(new UrlHost("example.org", -1).portOr(true)).isEqualTo(443);
    }

    @Test
    void anAuthorityThatIsNoHostHasNone() {
        for (String url : new String[] {"http:///metrics", "http://a_b:99999/", "http://a_b:/", "http://u@a_b:1/",
                "http://a_b:12x/", "mailto:someone"}) {
            assertThat(UrlHost.of(URI.create(url))).as(url).isEmpty();
        }
    }
}
