package io.ferry.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a label selector in PromQL's braces syntax, without a metric name:
 *
 * <pre>
 * selector := '{' [ matcher { ',' matcher } [ ',' ] ] '}'
 * matcher  := name ( '=' | '!=' | '=~' | '!~' ) string
 * name     := [a-zA-Z_][a-zA-Z0-9_]*
 * string   := "..." | '...' | `...`
 * </pre>
 *
 * <p>Spaces, tabs and newlines may stand between tokens. Quoted strings take Go's escapes
 * ({@code \a \b \f \n \r \t \v \\}, the quote itself, {@code \xHH}, three octal digits,
 * <code>&#92;uHHHH</code>, <code>&#92;UHHHHHHHH</code>) and must decode to valid UTF-8; back-quoted
 * strings are raw. As in PromQL, at least one matcher must not match the empty string, so a
 * selector cannot select everything by accident ({@code {}}, {@code {job=~".*"}}).
 *
 * <p>Every problem is a {@link LabelSelectorException} naming the position; nothing else is thrown,
 * whatever the input. The input is limited to {@link #MAX_LENGTH} characters and regexes to
 * {@link #MAX_GROUP_DEPTH} nested groups, so that compiling one cannot exhaust the stack. Regexes
 * are RE2's syntax, matched in time linear in the value ({@link GoRegex}): no selector can make a
 * match backtrack. Stateless and thread-safe.
 */
public final class LabelSelectorParser {
    /** The longest selector read, in characters. */
    public static final int MAX_LENGTH = 16 * 1024;
    /** The deepest nesting of parentheses in a regex. */
    public static final int MAX_GROUP_DEPTH = 64;

    private final String s;
    private int i;

    private LabelSelectorParser(String s) {
        this.s = s;
    }

    public static LabelSelector parse(String text) throws LabelSelectorException {
        if (text.length() > MAX_LENGTH) {
            throw new LabelSelectorException(MAX_LENGTH + 1, "selector longer than " + MAX_LENGTH + " characters");
        }
        return new LabelSelectorParser(text).selector();
    }

    private LabelSelector selector() throws LabelSelectorException {
        skipSpace();
        if (!take('{')) {
            throw error("expected '{' at the start of the selector (a metric name is not allowed here)");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        skipSpace();
        while (!take('}')) {
            matchers.add(matcher());
            skipSpace();
            if (take(',')) {
                skipSpace();
            } else if (peek() != '}') {
                throw error(atEnd() ? "missing '}' at the end of the selector" : "expected ',' or '}', got " + here());
            }
        }
        skipSpace();
        if (!atEnd()) {
            throw error("unexpected " + here() + " after '}'");
        }
        if (matchers.stream().allMatch(m -> m.matches(""))) {
            throw new LabelSelectorException(1, "the selector must have at least one matcher that does not match "
                    + "the empty string (it would select everything)");
        }
        return new LabelSelector(matchers);
    }

    private LabelMatcher matcher() throws LabelSelectorException {
        int start = i;
        while (!atEnd() && isNameChar(s.charAt(i), i == start)) {
            i++;
        }
        if (i == start) {
            throw error(atEnd() ? "missing '}' at the end of the selector" : "expected a label name, got " + here());
        }
        String name = s.substring(start, i);
        skipSpace();
        LabelMatcher.Op op;
        if (take('=')) {
            op = take('~') ? LabelMatcher.Op.REGEX : LabelMatcher.Op.EQUAL;
        } else if (take('!')) {
            if (take('=')) {
                op = LabelMatcher.Op.NOT_EQUAL;
            } else if (take('~')) {
                op = LabelMatcher.Op.NOT_REGEX;
            } else {
                i--;
                throw error("expected '=', '!=', '=~' or '!~' after label name \"" + name + "\", got " + here());
            }
        } else {
            throw error("expected '=', '!=', '=~' or '!~' after label name \"" + name + "\", got " + here());
        }
        skipSpace();
        int valueAt = i;
        String value = string(name, op);
        return switch (op) {
            case EQUAL -> LabelMatcher.equal(name, value);
            case NOT_EQUAL -> LabelMatcher.notEqual(name, value);
            case REGEX, NOT_REGEX -> regex(name, op, value, valueAt);
            case GLOB -> throw new AssertionError(op);
        };
    }

    private static LabelMatcher regex(String name, LabelMatcher.Op op, String regex, int at)
            throws LabelSelectorException {
        int depth = 0;
        int max = 0;
        for (int k = 0; k < regex.length(); k++) {
            char c = regex.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '(') {
                max = Math.max(max, ++depth);
            } else if (c == ')') {
                depth--;
            }
        }
        if (max > MAX_GROUP_DEPTH) {
            throw new LabelSelectorException(at + 1, "regex for label \"" + name + "\" nests groups deeper than "
                    + MAX_GROUP_DEPTH);
        }
        try {
            return op == LabelMatcher.Op.REGEX ? LabelMatcher.regex(name, regex) : LabelMatcher.notRegex(name, regex);
        } catch (RegexSyntaxException e) {
            throw new LabelSelectorException(at + 1, "invalid regex for label \"" + name + "\": " + e.reason());
        }
    }

    /** A quoted or back-quoted string at {@code i}. */
    private String string(String name, LabelMatcher.Op op) throws LabelSelectorException {
        if (atEnd() || "\"'`".indexOf(s.charAt(i)) < 0) {
            throw error("expected a quoted string after " + name + op.symbol() + ", got " + here());
        }
        int start = i;
        char quote = s.charAt(i++);
        if (quote == '`') {
            int end = s.indexOf('`', i);
            if (end < 0) {
                throw new LabelSelectorException(start + 1, "unterminated raw string");
            }
            String raw = s.substring(i, end);
            i = end + 1;
            checkNoLoneSurrogate(raw, start + 1);
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (atEnd()) {
                throw new LabelSelectorException(start + 1, "unterminated string");
            }
            char c = s.charAt(i);
            if (c == quote) {
                i++;
                break;
            }
            if (c == '\n') {
                throw error("newline in string");
            }
            if (c == '\\') {
                escape(quote, bytes);
                continue;
            }
            int cp = s.codePointAt(i);
            if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
                throw error("invalid UTF-16 surrogate in string");
            }
            appendUtf8(bytes, cp);
            i += Character.charCount(cp);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new LabelSelectorException(start + 1, "string is not valid UTF-8 once its escapes are decoded");
        }
    }

    /** One escape at {@code i} (the backslash), as Go reads it inside {@code quote}s. */
    private void escape(char quote, ByteArrayOutputStream bytes) throws LabelSelectorException {
        int at = i;
        i++;
        if (atEnd()) {
            throw new LabelSelectorException(at + 1, "unterminated escape");
        }
        char c = s.charAt(i++);
        switch (c) {
            case 'a' -> bytes.write(0x07);
            case 'b' -> bytes.write('\b');
            case 'f' -> bytes.write('\f');
            case 'n' -> bytes.write('\n');
            case 'r' -> bytes.write('\r');
            case 't' -> bytes.write('\t');
            case 'v' -> bytes.write(0x0b);
            case '\\' -> bytes.write('\\');
            case 'x' -> bytes.write((int) hex(2, at));
            case 'u' -> appendUtf8(bytes, codePoint(hex(4, at), at));
            case 'U' -> appendUtf8(bytes, codePoint(hex(8, at), at));
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int v = c - '0';
                for (int k = 0; k < 2; k++) {
                    if (atEnd() || s.charAt(i) < '0' || s.charAt(i) > '7') {
                        throw new LabelSelectorException(at + 1, "octal escape needs three digits");
                    }
                    v = v * 8 + (s.charAt(i++) - '0');
                }
                if (v > 255) {
                    throw new LabelSelectorException(at + 1, "octal escape value " + v + " > 255");
                }
                bytes.write(v);
            }
            default -> {
                if (c == quote) {
                    bytes.write(c);
                } else {
                    throw new LabelSelectorException(at + 1, "unknown escape \\" + describe(c));
                }
            }
        }
    }

    private long hex(int digits, int at) throws LabelSelectorException {
        long v = 0;
        for (int k = 0; k < digits; k++) {
            int d = atEnd() ? -1 : hexDigit(s.charAt(i));
            if (d < 0) {
                throw new LabelSelectorException(at + 1, "escape needs " + digits + " hexadecimal digits");
            }
            v = v * 16 + d;
            i++;
        }
        return v;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
            return (c | 0x20) - 'a' + 10;
        }
        return -1;
    }

    private static int codePoint(long v, int at) throws LabelSelectorException {
        if (v > Character.MAX_CODE_POINT || v >= 0xD800 && v <= 0xDFFF) {
            throw new LabelSelectorException(at + 1, "escape is not a valid Unicode code point");
        }
        return (int) v;
    }

    private static void appendUtf8(ByteArrayOutputStream out, int cp) {
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    private static void checkNoLoneSurrogate(String raw, int at) throws LabelSelectorException {
        for (int k = 0; k < raw.length(); k++) {
            char c = raw.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(k + 1))) {
                k++;
            } else if (Character.isSurrogate(c)) {
                throw new LabelSelectorException(at, "invalid UTF-16 surrogate in string");
            }
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || !first && c >= '0' && c <= '9';
    }

    private void skipSpace() {
        while (!atEnd() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private boolean take(char c) {
        if (!atEnd() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private char peek() {
        return atEnd() ? 0 : s.charAt(i);
    }

    private boolean atEnd() {
        return i >= s.length();
    }

    /** What stands at {@code i}, for a message. */
    private String here() {
        return atEnd() ? "the end" : "'" + describe(s.charAt(i)) + "'";
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private LabelSelectorException error(String reason) {
        return new LabelSelectorException(i + 1, reason);
    }
}
