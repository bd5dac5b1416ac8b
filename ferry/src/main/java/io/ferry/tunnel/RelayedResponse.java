package io.ferry.tunnel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A scrape's response as it travels from a client to the proxy in a {@code /push} body, and on to
 * Prometheus: status, reason, headers and the whole body.
 *
 * <pre>{@code
 * RelayedResponse r = RelayedResponse.parse(pushBody, 0, pushBody.length, 100L << 20);
 * String id = r.header(TunnelHeaders.ID).orElse("");
 * byte[] wire = new RelayedResponse(200, "OK", HeaderFields.of("Content-Type", "text/plain"), body).toWire();
 * }</pre>
 *
 * @param status  the status code, 100 to 999
 * @param reason  the reason phrase, may be empty
 * @param headers the end-to-end headers: never {@code Content-Length} or {@code Transfer-Encoding},
 *                which describe the framing {@link #parse} removed and {@link #toWire} writes anew
 * @param body    the body, decoded from its framing (not from any {@code Content-Encoding})
 */
public record RelayedResponse(int status, String reason, HeaderFields headers, byte[] body) {
    private static final String[] FRAMING = {"Content-Length", "Transfer-Encoding"};
    private static final int MAX_CHUNK_HEX_DIGITS = 16;

    public RelayedResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status + " is not three digits");
        }
        if (HeaderFields.badValue(reason) != null) {
            throw new IllegalArgumentException("invalid reason " + HeaderFields.quoted(reason));
        }
        headers = headers.without(FRAMING);
    }

    /** The first value of this header, any case. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** This response with {@code name: value} replacing any header of that name. */
    public RelayedResponse withHeader(String name, String value) {
        return new RelayedResponse(status, reason, headers.with(name, value), body);
    }

    /** This response without the named headers. */
    public RelayedResponse withoutHeaders(String... names) {
        return new RelayedResponse(status, reason, headers.without(names), body);
    }

    /** An HTTP/1.1 response: status line, the headers, {@code Content-Length}, an empty line, the body. */
    public byte[] toWire() {
        StringBuilder head = new StringBuilder(128);
        head.append("HTTP/1.1 ").append(status);
        if (!reason.isEmpty()) {
            head.append(' ').append(reason);
        }
        head.append("\r\n");
        headers.appendTo(head);
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    /**
     * Reads one response as Go's {@code http.ReadResponse} does (what a client pushed): HTTP/x.y, a
     * three-digit status, CRLF or bare LF line ends, a body framed by {@code Transfer-Encoding:
     * chunked} (trailers ignored), {@code Content-Length} (bytes after it ignored) or the end of the
     * input; 1xx, 204 and 304 have no body.
     *
     * @param maxBodyBytes a larger body is refused with {@link TunnelWireException#tooLarge()}
     * @throws TunnelWireException naming the line, header or chunk that is wrong
     */
    public static RelayedResponse parse(byte[] b, int off, int len, long maxBodyBytes) throws TunnelWireException {
        WireReader in = new WireReader(b, off, len);
        if (in.atEnd()) {
            throw new TunnelWireException("line 1: empty input, not an HTTP response");
        }
        String line = in.line("line 1");
        int sp = line.indexOf(' ');
        String version = sp < 0 ? line : line.substring(0, sp);
        if (sp < 0 || !WireReader.isHttpVersion(version)) {
            throw new TunnelWireException("line 1: not an HTTP response status line: " + HeaderFields.quoted(line));
        }
        String rest = line.substring(sp + 1);
        int status = statusCode(rest);
        String reason = rest.length() > 4 && rest.charAt(3) == ' ' ? rest.substring(4) : "";
        if (rest.length() > 3 && rest.charAt(3) != ' ') {
            throw new TunnelWireException("line 1: malformed status code " + HeaderFields.quoted(rest));
        }
        if (HeaderFields.badValue(reason) != null) {
            throw new TunnelWireException("line 1: invalid character in reason " + HeaderFields.quoted(reason));
        }
        HeaderFields headers = HeaderFields.of(in.headers());
        byte[] body;
        if (status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (isChunked(headers)) {
            body = chunked(in, maxBodyBytes);
        } else {
            long length = contentLength(headers);
            body = length < 0 ? untilEnd(in, maxBodyBytes) : exactly(in, length, maxBodyBytes);
        }
        return new RelayedResponse(status, reason, headers, body);
    }

    private static int statusCode(String rest) throws TunnelWireException {
        if (rest.length() < 3) {
            throw new TunnelWireException("line 1: malformed status code " + HeaderFields.quoted(rest));
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = rest.charAt(i);
            if (c < '0' || c > '9') {
                throw new TunnelWireException("line 1: malformed status code " + HeaderFields.quoted(rest));
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100) {
            throw new TunnelWireException("line 1: status code " + code + " is below 100");
        }
        return code;
    }

    private static boolean isChunked(HeaderFields headers) throws TunnelWireException {
        List<String> te = headers.all("Transfer-Encoding");
        if (te.isEmpty()) {
            return false;
        }
        if (te.size() == 1 && te.get(0).equalsIgnoreCase("chunked")) {
            return true;
        }
        throw new TunnelWireException("header Transfer-Encoding: unsupported transfer encoding "
                + HeaderFields.quoted(String.join(", ", te)) + " (only chunked is)");
    }

    /** The Content-Length, or -1 when there is none. */
    private static long contentLength(HeaderFields headers) throws TunnelWireException {
        List<String> values = headers.all("Content-Length");
        if (values.isEmpty()) {
            return -1;
        }
        String first = values.get(0);
        for (String v : values) {
            if (!v.equals(first)) {
                throw new TunnelWireException("header Content-Length: conflicting values " + HeaderFields.quoted(first)
                        + " and " + HeaderFields.quoted(v));
            }
        }
        if (first.isEmpty() || first.length() > 18 || !first.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TunnelWireException("header Content-Length: invalid value " + HeaderFields.quoted(first));
        }
        return Long.parseLong(first);
    }

    private static byte[] exactly(WireReader in, long length, long max) throws TunnelWireException {
        if (length > max) {
            throw TunnelWireException.bodyTooLarge(max);
        }
        if (length > in.remaining()) {
            throw new TunnelWireException("body: input ends after " + in.remaining() + " of " + length
                    + " bytes of Content-Length");
        }
        byte[] body = Arrays.copyOfRange(in.bytes(), in.position(), in.position() + (int) length);
        in.skip((int) length);
        return body;
    }

    private static byte[] untilEnd(WireReader in, long max) throws TunnelWireException {
        return exactly(in, in.remaining(), max);
    }

    private static byte[] chunked(WireReader in, long max) throws TunnelWireException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 1; ; n++) {
            String where = "chunk " + n;
            if (in.atEnd()) {
                throw new TunnelWireException(where + ": input ends before the last chunk");
            }
            long size = chunkSize(in.line(where + " size line"), where);
            if (size == 0) {
                return out.toByteArray(); // trailers, if any, are ignored
            }
            if (size > max - out.size()) {
                throw TunnelWireException.bodyTooLarge(max);
            }
            if (size > in.remaining()) {
                throw new TunnelWireException(where + ": input ends after " + in.remaining() + " of " + size + " bytes");
            }
            out.write(in.bytes(), in.position(), (int) size);
            in.skip((int) size);
            if (!in.line(where + " end").isEmpty()) {
                throw new TunnelWireException(where + ": no line end after its " + size + " bytes of data");
            }
        }
    }

    private static long chunkSize(String line, String where) throws TunnelWireException {
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
        if (hex.isEmpty() || hex.length() > MAX_CHUNK_HEX_DIGITS) {
            throw new TunnelWireException(where + ": invalid chunk size " + HeaderFields.quoted(line));
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw new TunnelWireException(where + ": invalid chunk size " + HeaderFields.quoted(line));
            }
            if (size > (Long.MAX_VALUE >>> 4)) {
                throw new TunnelWireException(where + ": chunk size " + HeaderFields.quoted(hex) + " too large");
            }
            size = (size << 4) | d;
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayedResponse r && status == r.status && reason.equals(r.reason)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return (31 * (31 * status + reason.hashCode()) + headers.hashCode()) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "RelayedResponse[" + status + " " + reason + ", " + headers + ", " + body.length + " bytes]";
    }
}
