package io.ferry.wire;


/**
 * A JSON writer producing what Go's {@code encoding/json} marshals, byte for byte, for the shapes
 * the Pushgateway's API uses: objects (keys in the order given; callers sort them as Go sorts map
 * keys), arrays, strings, booleans and integers, compact. Strings are escaped as Go escapes them:
 * {@code <}, {@code >} and {@code &} as {@code \u003c}, {@code \u003e} and {@code \u0026},
 * U+2028 and U+2029 escaped, other control characters as {@code \n}, {@code \u001f} and so on,
 * unpaired surrogates as {@code \ufffd}, everything else as UTF-8. Commas are placed by the writer.
 */
public final class GoJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ByteSink out;
    // Whether the container at each depth has no element yet.
    private boolean[] empty = new boolean[16];
    private int depth;
    private boolean afterName;

    public GoJson(ByteSink out) {
        this.out = out;
    }

    public GoJson beginObject() {
        return open('{');
    }

    public GoJson endObject() {
        return close('}');
    }

    public GoJson beginArray() {
        return open('[');
    }

    public GoJson endArray() {
        return close(']');
    }

    public GoJson name(String name) {
        separate();
        quoted(name);
        out.write(':');
        afterName = true;
        return this;
    }

    public GoJson value(String s) {
        separate();
        quoted(s);
        return this;
    }

    /** JSON's {@code null}, as Go writes a nil map or slice. */
    public GoJson nullValue() {
        separate();
        out.writeAscii("null");
        return this;
    }

    public GoJson value(boolean b) {
        separate();
        out.writeAscii(b ? "true" : "false");
        return this;
    }

    /** A finite number as Go's encoding/json writes float64: plain decimals, shortest digits. */
    public GoJson value(double d) {
        separate();
        String plain = java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        out.writeAscii(plain);
        return this;
    }

    /** A number already spelled as JSON wants it (such as {@code 1e+21}), written as given. */
    public GoJson number(String literal) {
        separate();
        out.writeAscii(literal);
        return this;
    }

    public GoJson value(long n) {
        separate();
        out.writeLong(n);
        return this;
    }

    private GoJson open(char c) {
        separate();
        out.write(c);
        if (++depth == empty.length) {
            empty = java.util.Arrays.copyOf(empty, depth * 2);
        }
        empty[depth] = true;
        return this;
    }

    private GoJson close(char c) {
        depth--;
        out.write(c);
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (!empty[depth]) {
                out.write(',');
            }
            empty[depth] = false;
        }
    }

    private void quoted(String s) {
        out.write('"');
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String escape = null;
            if (c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                escape = switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    default -> null;
                };
                out.writeUtf8(s.substring(start, i));
                if (escape != null) {
                    out.writeAscii(escape);
                } else {
                    unicodeEscape(c);
                }
                start = i + 1;
            } else if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
                if (paired) {
                    i++;
                } else {
                    out.writeUtf8(s.substring(start, i));
                    out.writeAscii("\\ufffd");
                    start = i + 1;
                }
            }
        }
        out.writeUtf8(s.substring(start));
        out.write('"');
    }

    private void unicodeEscape(char c) {
        out.writeAscii("\\u");
        out.write(HEX[c >> 12 & 0xF]).write(HEX[c >> 8 & 0xF]).write(HEX[c >> 4 & 0xF]).write(HEX[c & 0xF]);
    }
}
