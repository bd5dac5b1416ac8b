package io.ferry.tunnel;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A scrape as it travels from the proxy to a client: the answer to a poll is this request in proxy
 * form ({@code GET http://fqdn:9100/metrics HTTP/1.1}, {@code Host}, the headers), as PushProx
 * writes it with Go's {@code Request.WriteProxy}.
 *
 * <pre>{@code
 * ScrapeRequest r = new ScrapeRequest("GET", URI.create("http://site-a:9100/metrics"),
 *         HeaderFields.of("X-Prometheus-Scrape-Timeout-Seconds", "10"));
 * byte[] pollAnswer = r.withHeader(TunnelHeaders.ID, id).toProxyForm();
 * ScrapeRequest back = ScrapeRequest.parse(pollAnswer, 0, pollAnswer.length);
 * }</pre>
 *
 * @param method  the HTTP method, a token ({@code GET})
 * @param url     the absolute URL scraped; relative only when parsed from an origin-form request
 *                without a {@code Host} (Go accepts that for HTTP/1.0); kept in its ASCII form
 *                (other characters percent-encoded)
 * @param headers every header but {@code Host}, which {@link #toProxyForm} writes from the URL
 */
public record ScrapeRequest(String method, URI url, HeaderFields headers) {

    public ScrapeRequest {
        if (method.isEmpty() || HeaderFields.badName(method) != null) {
            throw new IllegalArgumentException("invalid method " + HeaderFields.quoted(method));
        }
        headers = headers.without("Host");
        String ascii = url.toASCIIString();
        if (!ascii.equals(url.toString())) {
            url = URI.create(ascii); // so that the URL and the Host written from it are the same bytes
        }
    }

    /** The host this scrape is for, without port or brackets: what the proxy routes by (PushProx's {@code URL.Hostname()}). */
    public String hostname() {
        String authority = url.getRawAuthority();
        if (authority == null) {
            return "";
        }
        int at = authority.lastIndexOf('@');
        String hostPort = authority.substring(at + 1);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? hostPort.substring(1) : hostPort.substring(1, close);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /** The first value of this header, any case. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** This request with {@code name: value} replacing any header of that name. */
    public ScrapeRequest withHeader(String name, String value) {
        return new ScrapeRequest(method, url, headers.with(name, value));
    }

    /** This request without the named headers. */
    public ScrapeRequest withoutHeaders(String... names) {
        return new ScrapeRequest(method, url, headers.without(names));
    }

    /** The request in proxy form, no body: request line, {@code Host}, the headers in order, an empty line. */
    public byte[] toProxyForm() {
        StringBuilder out = new StringBuilder(256);
        out.append(method).append(' ').append(url.toASCIIString()).append(" HTTP/1.1\r\n");
        String authority = url.getRawAuthority();
        if (authority != null) {
            int at = authority.lastIndexOf('@');
            out.append("Host: ").append(authority.substring(at + 1)).append("\r\n");
        }
        headers.appendTo(out);
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads one request as Go's {@code http.ReadRequest} does (what a client does with a poll's
     * answer): HTTP/1.x, CRLF or bare LF line ends, an absolute or origin-form target (origin form
     * is resolved against {@code Host}); a body, if any, is ignored.
     *
     * @throws TunnelWireException naming the line or header that is wrong
     */
    public static ScrapeRequest parse(byte[] b, int off, int len) throws TunnelWireException {
        WireReader in = new WireReader(b, off, len);
        if (in.atEnd()) {
            throw new TunnelWireException("line 1: empty input, not an HTTP request");
        }
        String line = in.line("line 1");
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp2 < 0) {
            throw new TunnelWireException("line 1: not an HTTP request line: " + HeaderFields.quoted(line));
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (method.isEmpty() || HeaderFields.badName(method) != null) {
            throw new TunnelWireException("line 1: invalid method " + HeaderFields.quoted(method));
        }
        if (!WireReader.isHttpVersion(version)) {
            throw new TunnelWireException("line 1: malformed HTTP version " + HeaderFields.quoted(version));
        }
        HeaderFields headers = HeaderFields.of(in.headers());
        return new ScrapeRequest(method, target(target, headers.first("Host").orElse("")), headers);
    }

    private static URI target(String target, String host) throws TunnelWireException {
        String lower = target.toLowerCase(Locale.ROOT);
        String absolute;
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            absolute = target;
        } else if (target.startsWith("/") && !(host.isEmpty() && target.startsWith("//"))) {
            absolute = host.isEmpty() ? target : "http://" + host + target;
        } else {
            throw new TunnelWireException("line 1: request target " + HeaderFields.quoted(target)
                    + " is neither an absolute URL nor a path");
        }
        try {
            URI uri = new URI(absolute);
            if (uri.isAbsolute() && uri.getRawAuthority() == null) {
                throw new TunnelWireException("line 1: no host in " + HeaderFields.quoted(target));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new TunnelWireException("line 1: invalid request target " + HeaderFields.quoted(absolute) + ": "
                    + e.getReason());
        }
    }
}
