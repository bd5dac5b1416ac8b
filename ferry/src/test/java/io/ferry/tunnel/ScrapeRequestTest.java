package io.ferry.tunnel;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScrapeRequestTest {

    private static ScrapeRequest parse(String s) throws TunnelWireException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ScrapeRequest.parse(b, 0, b.length);
    }

    @Test
    void writesProxyFormWithHostFirst() {
        ScrapeRequest r = new ScrapeRequest("GET", URI.create("http://site-a:9100/metrics?x=1"),
                HeaderFields.of("Accept", "text/plain", "Host", "ignored", "X-Prometheus-Scrape-Timeout-Seconds", "10"));
        assertThat(new String(r.withHeader(TunnelHeaders.ID, "abc").toProxyForm(), StandardCharsets.ISO_8859_1))
                .isEqualTo("GET http://site-a:9100/metrics?x=1 HTTP/1.1\r\nHost: site-a:9100\r\nAccept: text/plain\r\n"
                        + "X-Prometheus-Scrape-Timeout-Seconds: 10\r\nId: abc\r\n\r\n");
    }

    @Test
    void readsWhatItWrites() throws Exception {
        ScrapeRequest r = new ScrapeRequest("GET", URI.create("http://h.example:9100/m?_scheme=https"),
                HeaderFields.of("Accept-Encoding", "gzip", "Id", "1-2"));
        byte[] b = r.toProxyForm();
        assertThat(ScrapeRequest.parse(b, 0, b.length)).isEqualTo(r);
    }

    @Test
    void readsGoStyleHttp10WithBareLineEndsAndIgnoresTheBody() throws Exception {
        ScrapeRequest r = parse("GET /index.html HTTP/1.0\n\nOK");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.url()).isEqualTo(URI.create("/index.html"));
        assertThat(r.hostname()).isEmpty();
    }

    @Test
    void resolvesOriginFormAgainstHost() throws Exception {
        ScrapeRequest r = parse("GET /metrics HTTP/1.1\r\nHost: a.b:9100\r\n\r\n");
        assertThat(r.url()).isEqualTo(URI.create("http://a.b:9100/metrics"));
        assertThat(r.hostname()).isEqualTo("a.b");
    }

    @Test
    void hostnameDropsPortAndBrackets() {
        assertThat(new ScrapeRequest("GET", URI.create("http://[::1]:9100/"), HeaderFields.EMPTY).hostname())
                .isEqualTo("::1");
        assertThat(new ScrapeRequest("GET", URI.create("http://my_host:9100/"), HeaderFields.EMPTY).hostname())
                .isEqualTo("my_host");
    }

    @Test
    void refusalsNameTheLine() {
        assertThatThrownBy(() -> parse("")).hasMessageStartingWith("line 1: empty input");
        assertThatThrownBy(() -> parse("<!DOCTYPE html>\r\n")).hasMessageStartingWith("line 1: not an HTTP request line");
        assertThatThrownBy(() -> parse("GET / FTP/1.0\r\n\r\n")).hasMessageContaining("malformed HTTP version");
        assertThatThrownBy(() -> parse("GET * HTTP/1.1\r\n\r\n")).hasMessageContaining("neither an absolute URL nor a path");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nA: b\r\nbad\r\n\r\n")).hasMessageStartingWith("header 2: no colon");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nA: b\r\n")).hasMessageContaining("input ends before the empty line");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\n" + "x".repeat(9000) + "\r\n\r\n"))
                .hasMessageStartingWith("header 1: longer than 8192 bytes");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(101) + "\r\n"))
                .hasMessageStartingWith("header 101: more than 100 headers");
    }
}
