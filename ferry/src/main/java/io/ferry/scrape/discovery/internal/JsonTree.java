package io.ferry.scrape.discovery.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads strict JSON (RFC 8259, as Go's {@code encoding/json} accepts it) into {@link SdNode}s with
 * line numbers. Ferry has no JSON library on its class path, and the target group lists of file_sd
 * and http_sd are the only JSON it reads. Nesting is limited to {@link #MAX_DEPTH}, so a hostile
 * body cannot exhaust the stack. Not thread-safe; one instance per input.
 */
public final class JsonTree {
    static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;
    private int line = 1;

    private JsonTree(String s) {
        this.s = s;
    }

    /** The single value of {@code text}; throws naming the line of the first problem. */
    public static SdNode parse(String text) throws SdSyntaxException {
        JsonTree t = new JsonTree(text);
        t.skipSpace();
        if (t.pos == text.length()) {
            throw new SdSyntaxException(t.line, "invalid JSON: the input is empty");
        }
        SdNode v = t.value(0);
        t.skipSpace();
        if (t.pos < text.length()) {
            throw t.error("unexpected " + t.describeHere() + " after the top-level value");
        }
        return v;
    }

    private SdNode value(int depth) throws SdSyntaxException {
        if (depth >= MAX_DEPTH) {
            throw error("values nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        char c = s.charAt(pos);
        int at = line;
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return new SdNode.Scalar(at, string(), true);
            case 't':
                literal("true");
                return new SdNode.Scalar(at, "true", false);
            case 'f':
                literal("false");
                return new SdNode.Scalar(at, "false", false);
            case 'n':
                literal("null");
                return new SdNode.Null(at);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return new SdNode.Scalar(at, number(), false);
                }
                throw error("unexpected " + describeHere());
        }
    }

    private SdNode object(int depth) throws SdSyntaxException {
        int at = line;
        pos++;
        List<SdNode.Field> fields = new ArrayList<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return new SdNode.Obj(at, fields);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a quoted field name, got " + describeHere());
            }
            int keyLine = line;
            String name = string();
            skipSpace();
            if (peek() != ':') {
                throw error("expected ':' after field name \"" + name + "\", got " + describeHere());
            }
            pos++;
            skipSpace();
            fields.add(new SdNode.Field(name, keyLine, value(depth + 1)));
            skipSpace();
            char c = peek();
            pos++;
            if (c == '}') {
                return new SdNode.Obj(at, fields);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object, got " + describeHere());
            }
        }
    }

    private SdNode array(int depth) throws SdSyntaxException {
        int at = line;
        pos++;
        List<SdNode> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new SdNode.Arr(at, items);
        }
        while (true) {
            skipSpace();
            items.add(value(depth + 1));
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') {
                return new SdNode.Arr(at, items);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in a list, got " + describeHere());
            }
        }
    }

    private String string() throws SdSyntaxException {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return wellFormed(b);
            }
            if (c < 0x20) {
                pos--;
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string (escape it)");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(hex4());
                default -> {
                    pos--;
                    throw error("invalid escape '\\" + e + "' in a string");
                }
            }
        }
    }

    /** Unpaired surrogates (from escapes) become U+FFFD, as Go decodes them, so label values stay valid UTF-8. */
    private static String wellFormed(StringBuilder b) {
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < b.length() && Character.isLowSurrogate(b.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                b.setCharAt(i, '\uFFFD');
            }
        }
        return b.toString();
    }

    private char hex4() throws SdSyntaxException {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid \\u escape \"\\u" + s.substring(pos, pos + 4) + "\"");
            }
            v = v << 4 | d;
        }
        pos += 4;
        return (char) v;
    }

    private String number() throws SdSyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("invalid number: a digit must follow '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("invalid number: a digit must follow the exponent");
            }
            digits();
        }
        return s.substring(start, pos);
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws SdSyntaxException {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected " + describeHere());
        }
        pos += word.length();
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\n') {
                line++;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The current character, or NUL at the end (which no branch accepts). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private String describeHere() {
        if (pos >= s.length()) {
            return "end of input";
        }
        int cp = s.codePointAt(pos);
        return cp >= 0x20 && cp < 0x7f ? "'" + (char) cp + "'" : "character U+" + String.format("%04X", cp);
    }

    private SdSyntaxException error(String reason) {
        return new SdSyntaxException(line, "invalid JSON: " + reason);
    }
}
