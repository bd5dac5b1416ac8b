package io.ferry.otlp.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pull reader of one JSON value in UTF-8 bytes (RFC 8259), for {@link OtlpJsonDecoder}: the caller
 * walks objects and arrays and reads the scalars it expects; what it does not want it skips. Nesting
 * is bounded by {@code maxDepth} (skipping counts too, and does not recurse); strings must be valid
 * UTF-8 without raw control characters. Errors are {@link DecodeFailure}s at the byte offset from
 * the start of the body.
 *
 * <p>Not thread-safe: one per decode.
 */
final class JsonCursor {
    private final byte[] buf;
    private final int start;
    private final int end;
    private final int maxDepth;
    private int pos;
    // Per open container: whether it has no member or element yet.
    private boolean[] first = new boolean[16];
    private int depth;
    private final StringBuilder chars = new StringBuilder();

    JsonCursor(byte[] buf, int off, int len, int maxDepth) {
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
        this.maxDepth = maxDepth;
    }

    /** The offset from the start of the body where reading is. */
    long position() {
        return pos - start;
    }

    /** The first byte of the next value ({@code {}, {@code [}, {@code "}, {@code t}, {@code f}, {@code n}, digit or {@code -}). */
    int peek() {
        skipWhitespace();
        if (pos >= end) {
            throw fail("truncated: the body ends where a value should be");
        }
        return buf[pos];
    }

    boolean peekNull() {
        return peek() == 'n';
    }

    void beginObject() {
        open('{', "an object");
    }

    void beginArray() {
        open('[', "an array");
    }

    /** The next member's name, or null at the end of the object (consumed). */
    String nextName() {
        if (!more('}')) {
            return null;
        }
        if (peek() != '"') {
            throw fail("expected a member name in quotes");
        }
        String name = string();
        skipWhitespace();
        if (pos >= end || buf[pos] != ':') {
            throw fail("expected ':' after member name");
        }
        pos++;
        return name;
    }

    /** Whether the array has another element; at its end, consumes the {@code ]}. */
    boolean nextElement() {
        return more(']');
    }

    String string() {
        if (peek() != '"') {
            throw fail("expected a string");
        }
        int from = ++pos;
        boolean ascii = true;
        while (pos < end) {
            byte b = buf[pos];
            if (b == '"') {
                pos++;
                return ascii ? new String(buf, from, pos - 1 - from, StandardCharsets.ISO_8859_1)
                        : utf8(from, pos - 1);
            }
            if (b == '\\') {
                pos = from;
                return escapedString();
            }
            if (b >= 0 && b < 0x20) {
                throw fail("a control character in a string must be escaped");
            }
            ascii &= b >= 0;
            pos++;
        }
        throw fail("truncated: a string is not closed");
    }

    private String utf8(int from, int to) {
        if (!Utf8.valid(buf, from, to)) {
            throw failAt(from, "a string is not valid UTF-8");
        }
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private String escapedString() {
        chars.setLength(0);
        int run = pos;
        while (pos < end) {
            byte b = buf[pos];
            if (b == '"') {
                chars.append(utf8(run, pos));
                pos++;
                return chars.toString();
            }
            if (b >= 0 && b < 0x20) {
                throw fail("a control character in a string must be escaped");
            }
            if (b != '\\') {
                pos++;
                continue;
            }
            chars.append(utf8(run, pos));
            if (end - pos < 2) {
                throw fail("truncated: an escape is not complete");
            }
            byte e = buf[pos + 1];
            pos += 2;
            switch (e) {
                case '"' -> chars.append('"');
                case '\\' -> chars.append('\\');
                case '/' -> chars.append('/');
                case 'b' -> chars.append('\b');
                case 'f' -> chars.append('\f');
                case 'n' -> chars.append('\n');
                case 'r' -> chars.append('\r');
                case 't' -> chars.append('\t');
                case 'u' -> chars.append(hex4());
                default -> throw failAt(pos - 2, "invalid escape \\" + (char) (e & 0xFF));
            }
            run = pos;
        }
        throw fail("truncated: a string is not closed");
    }

    private char hex4() {
        if (end - pos < 4) {
            throw fail("truncated: a \\u escape needs four hex digits");
        }
        int c = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(buf[pos + i], 16);
            if (d < 0) {
                throw failAt(pos + i, "a \\u escape needs four hex digits");
            }
            c = c << 4 | d;
        }
        pos += 4;
        return (char) c; // unpaired surrogates are kept, as Go and protobuf's Java parser read them
    }

    boolean bool() {
        if (literal("true")) {
            return true;
        }
        if (literal("false")) {
            return false;
        }
        throw fail("expected true or false");
    }

    /** Consumes {@code null} if it is next. */
    boolean tryNull() {
        return peek() == 'n' && literal("null");
    }

    private boolean literal(String word) {
        skipWhitespace();
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** A number's text, checked against JSON's grammar. */
    String number() {
        skipWhitespace();
        int from = pos;
        if (pos < end && buf[pos] == '-') {
            pos++;
        }
        if (pos < end && buf[pos] == '0') {
            pos++;
        } else if (!digits()) {
            throw failAt(from, "expected a number");
        }
        if (pos < end && buf[pos] == '.') {
            pos++;
            if (!digits()) {
                throw fail("expected digits after '.'");
            }
        }
        if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
            pos++;
            if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
                pos++;
            }
            if (!digits()) {
                throw fail("expected digits in the exponent");
            }
        }
        return new String(buf, from, pos - from, StandardCharsets.ISO_8859_1);
    }

    private boolean digits() {
        int from = pos;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
            pos++;
        }
        return pos > from;
    }

    /** Skips one value of any kind, without recursion. */
    void skipValue() {
        int base = depth;
        do {
            switch (peek()) {
                case '{' -> beginObject();
                case '[' -> beginArray();
                case '"' -> string();
                case 't', 'f' -> bool();
                case 'n' -> {
                    if (!tryNull()) {
                        throw fail("expected null");
                    }
                }
                default -> number();
            }
            // Close every container that ends here, down to where the value started.
            while (depth > base) {
                boolean object = containerIsObject[depth];
                if (object ? nextName() != null : nextElement()) {
                    break;
                }
            }
        } while (depth > base);
    }

    private boolean[] containerIsObject = new boolean[16];

    /** Fails unless only whitespace follows the value. */
    void end() {
        skipWhitespace();
        if (pos < end) {
            throw fail("unexpected data after the JSON value");
        }
    }

    private void open(char c, String what) {
        if (peek() != c) {
            throw fail("expected " + what);
        }
        if (depth == maxDepth) {
            throw fail("nested deeper than " + maxDepth + " levels");
        }
        pos++;
        depth++;
        if (depth == first.length) {
            first = Arrays.copyOf(first, depth * 2);
            containerIsObject = Arrays.copyOf(containerIsObject, depth * 2);
        }
        first[depth] = true;
        containerIsObject[depth] = c == '{';
    }

    /** Steps past a separating comma; false (and the container closed) at {@code close}. */
    private boolean more(char close) {
        skipWhitespace();
        if (pos >= end) {
            throw fail("truncated: the body ends inside " + (close == '}' ? "an object" : "an array"));
        }
        if (buf[pos] == close) {
            pos++;
            depth--;
            return false;
        }
        if (first[depth]) {
            first[depth] = false;
            return true;
        }
        if (buf[pos] != ',') {
            throw fail("expected ',' or '" + close + "'");
        }
        pos++;
        skipWhitespace();
        if (pos < end && buf[pos] == close) {
            throw fail("a trailing comma before '" + close + "'");
        }
        return true;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = buf[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    DecodeFailure fail(String reason) {
        return failAt(pos, reason);
    }

    DecodeFailure failAt(int at, String reason) {
        return new DecodeFailure(reason, at - start);
    }
}
