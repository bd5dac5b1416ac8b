package io.ferry.tunnel.proxy;

import io.ferry.model.MetricNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a Ferry client declares about itself on {@code /poll}: {@code X-Ferry-Client-Labels}
 * and {@code X-Ferry-Client-Targets}.
 *
 * <pre>{@code
 * Map<String, String> labels = ClientDeclaration.labels("{\"site\":\"a\"}");
 * List<DeclaredTarget> targets = ClientDeclaration.targets("9100/metrics, 9256/probe");
 * }</pre>
 *
 * <p>Both throw {@link IllegalArgumentException} whose message says what is wrong (answered 400).
 */
public final class ClientDeclaration {
    /** The longest header value either reads. */
    public static final int MAX_HEADER_CHARS = 8 * 1024;
    private static final int MAX_TARGETS = 100;

    private ClientDeclaration() {
    }

    /**
     * A JSON object of string values whose names are valid label names not starting with
     * {@code __}; null or blank: none.
     */
    public static Map<String, String> labels(String header) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        checkLength(header, "labels");
        return new LabelObject(header).read();
    }

    /** Comma-separated {@code port} or {@code port/path} entries; null or blank: none. */
    public static List<DeclaredTarget> targets(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        checkLength(header, "targets");
        List<DeclaredTarget> out = new ArrayList<>();
        for (String part : header.split(",", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("targets: empty entry in \"" + clip(header) + "\"");
            }
            if (out.size() == MAX_TARGETS) {
                throw new IllegalArgumentException("targets: more than " + MAX_TARGETS + " entries");
            }
            int slash = entry.indexOf('/');
            String port = slash < 0 ? entry : entry.substring(0, slash);
            String path = slash < 0 ? "" : entry.substring(slash);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("targets: \"" + clip(entry) + "\" does not start with a port");
            }
            if (path.equals("/")) {
                path = "";
            }
            if (!path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#')) {
                throw new IllegalArgumentException("targets: the path of \"" + clip(entry) + "\" has a character a path cannot");
            }
            out.add(new DeclaredTarget(Integer.parseInt(port), path));
        }
        return List.copyOf(out);
    }

    private static void checkLength(String header, String what) {
        if (header.length() > MAX_HEADER_CHARS) {
            throw new IllegalArgumentException(what + ": longer than " + MAX_HEADER_CHARS + " characters");
        }
    }

    /** At most 64 characters of {@code s}, control characters as {@code ?}: for echoing what a client sent. */
    static String clip(String s) {
        return (s.length() > 64 ? s.substring(0, 64) + "..." : s).replaceAll("\\p{Cntrl}", "?");
    }

    /** A flat JSON object of strings, read by hand: the one JSON shape the tunnel reads. */
    private static final class LabelObject {
        private final String s;
        private int pos;

        LabelObject(String s) {
            this.s = s;
        }

        Map<String, String> read() {
            Map<String, String> out = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    String name = string();
                    expect(':');
                    String value = string();
                    if (!MetricNames.isValidLabelName(name) || name.startsWith("__")) {
                        throw fail("\"" + clip(name) + "\" is not a label name a client may declare");
                    }
                    if (out.put(name, value) != null) {
                        throw fail("label \"" + name + "\" twice");
                    }
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw fail("expected ',' or '}'");
                    }
                }
            }
            if (peek() != 0) {
                throw fail("text after the object");
            }
            return out;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw fail("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw fail("control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw fail("unterminated string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw fail("short \\u escape");
                        }
                        int v = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(s.charAt(pos++), 16);
                            if (d < 0) {
                                throw fail("bad \\u escape");
                            }
                            v = v * 16 + d;
                        }
                        out.append((char) v);
                    }
                    default -> throw fail("bad escape \\" + e);
                }
            }
        }

        private void expect(char c) {
            if (next() != c) {
                throw fail("expected '" + c + "'");
            }
        }

        private char next() {
            char c = peek();
            if (c != 0) {
                pos++;
            }
            return c;
        }

        /** The next character after white space, 0 at the end. */
        private char peek() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("labels: " + what + " at character " + pos + " of a JSON object");
        }
    }
}
