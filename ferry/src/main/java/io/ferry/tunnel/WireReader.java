package io.ferry.tunnel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an HTTP/1.x head (start line, header lines) from a byte range as Go's {@code textproto}
 * does: lines end in CRLF or a bare LF, each at most {@link #MAX_LINE} bytes, at most
 * {@link #MAX_HEADERS} fields. Not thread-safe; one per parse.
 */
final class WireReader {
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 100;

    private final byte[] b;
    private final int end;
    private int pos;

    WireReader(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " of " + b.length);
        }
        this.b = b;
        this.pos = off;
        this.end = off + len;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    byte[] bytes() {
        return b;
    }

    void skip(int n) {
        pos += n;
    }

    /** The next line without its line end, as ISO-8859-1; {@code where} prefixes the error. */
    String line(String where) throws TunnelWireException {
        int limit = Math.min(end, pos + MAX_LINE + 2);
        for (int i = pos; i < limit; i++) {
            if (b[i] == '\n') {
                int stop = i > pos && b[i - 1] == '\r' ? i - 1 : i;
                if (stop - pos > MAX_LINE) {
                    break;
                }
                String s = new String(b, pos, stop - pos, StandardCharsets.ISO_8859_1);
                pos = i + 1;
                return s;
            }
        }
        if (end - pos > MAX_LINE) {
            throw new TunnelWireException(where + ": longer than " + MAX_LINE + " bytes");
        }
        throw new TunnelWireException(where + ": input ends before the end of the line");
    }

    /** Whether the input ends here. */
    boolean atEnd() {
        return pos >= end;
    }

    /** Header lines up to and including the empty line that ends them. */
    List<Map.Entry<String, String>> headers() throws TunnelWireException {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (int n = 1; ; n++) {
            String where = "header " + n;
            if (atEnd()) {
                throw new TunnelWireException(where + ": input ends before the empty line that ends the headers");
            }
            String line = line(where);
            if (line.isEmpty()) {
                return out;
            }
            if (n > MAX_HEADERS) {
                throw new TunnelWireException(where + ": more than " + MAX_HEADERS + " headers");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new TunnelWireException(where + ": continuation lines (obsolete line folding) are not supported");
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new TunnelWireException(where + ": no colon in " + HeaderFields.quoted(line));
            }
            String name = line.substring(0, colon);
            String value = trimSpaceAndTab(line, colon + 1);
            String bad = HeaderFields.badName(name);
            if (bad == null) {
                bad = HeaderFields.badValue(value);
            }
            if (bad != null) {
                throw new TunnelWireException(where + ": " + bad);
            }
            out.add(Map.entry(name, value));
        }
    }

    private static String trimSpaceAndTab(String s, int from) {
        int a = from;
        int z = s.length();
        while (a < z && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (z > a && (s.charAt(z - 1) == ' ' || s.charAt(z - 1) == '\t')) {
            z--;
        }
        return s.substring(a, z);
    }

    /** HTTP/x.y with single digits, as Go's {@code ParseHTTPVersion} accepts. */
    static boolean isHttpVersion(String s) {
        return s.length() == 8 && s.startsWith("HTTP/") && Character.isDigit(s.charAt(5)) && s.charAt(6) == '.'
                && Character.isDigit(s.charAt(7));
    }
}
