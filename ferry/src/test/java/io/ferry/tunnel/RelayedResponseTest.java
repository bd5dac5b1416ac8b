package io.ferry.tunnel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayedResponseTest {

    private static RelayedResponse parse(String s, long max) throws TunnelWireException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return RelayedResponse.parse(b, 0, b.length, max);
    }

    private static String body(RelayedResponse r) {
        return new String(r.body(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesContentLengthAndReadsItBack() throws Exception {
        RelayedResponse r = new RelayedResponse(200, "OK", HeaderFields.of("Content-Type", "text/plain",
                "Content-Length", "99"), "up 1\n".getBytes(StandardCharsets.UTF_8));
        byte[] wire = r.toWire();
        assertThat(new String(wire, StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nup 1\n");
        assertThat(RelayedResponse.parse(wire, 0, wire.length, 100)).isEqualTo(r);
    }

    @Test
    void readsChunkedIgnoringExtensionsAndTrailers() throws Exception {
        RelayedResponse r = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nId: x\r\n\r\n"
                + "4;ext=1\r\nup 1\r\n1\r\n\n\r\n0\r\nTrailer: y\r\n\r\n", 100);
        assertThat(body(r)).isEqualTo("up 1\n");
        assertThat(r.headers()).isEqualTo(HeaderFields.of("Id", "x"));
    }

    @Test
    void readsEofDelimitedAndBareLineEnds() throws Exception {
        RelayedResponse r = parse("HTTP/1.0 500 Internal Server Error\nConnection: close\n\nfailed to scrape", 100);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.reason()).isEqualTo("Internal Server Error");
        assertThat(body(r)).isEqualTo("failed to scrape");
    }

    @Test
    void contentLengthStopsTheBodyAndNoBodyStatusesHaveNone() throws Exception {
        assertThat(body(parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabcdef", 100))).isEqualTo("ab");
        assertThat(body(parse("HTTP/1.1 204 No Content\r\n\r\nignored", 100))).isEmpty();
        assertThat(parse("HTTP/1.1 200\r\n\r\n", 100).reason()).isEmpty();
    }

    @Test
    void tooLargeIsSaidAsSuch() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", 10))
                .isInstanceOfSatisfying(TunnelWireException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("body larger than 10 bytes");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n3\r\nabc\r\n0\r\n\r\n", 10))
                .isInstanceOfSatisfying(TunnelWireException.class, e -> assertThat(e.tooLarge()).isTrue());
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(11), 10))
                .isInstanceOfSatisfying(TunnelWireException.class, e -> assertThat(e.tooLarge()).isTrue());
    }

    @Test
    void refusalsSayWhatIsWrong() {
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\n\r\n", 10)).hasMessageStartingWith("line 1: not an HTTP response");
        assertThatThrownBy(() -> parse("HTTP/1.1 2x0 OK\r\n\r\n", 10)).hasMessageContaining("malformed status code");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", 10))
                .hasMessage("body: input ends after 2 of 5 bytes of Content-Length");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 10))
                .hasMessageContaining("conflicting values");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", 10))
                .hasMessageContaining("unsupported transfer encoding");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 10))
                .hasMessageStartingWith("chunk 1: invalid chunk size");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n0\r\n\r\n", 10))
                .hasMessageStartingWith("chunk 1: no line end after");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 10))
                .hasMessageStartingWith("chunk 1: input ends before the last chunk");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nA\u0001: b\r\n\r\n", 10))
                .hasMessageStartingWith("header 1: invalid character in header name");
    }
}
