package io.ferry.log;

import java.util.List;

/**
 * logfmt, as go-kit and Prometheus write it:
 * {@code ts=2026-11-21T08:00:00.000Z level=info msg="listening" address=:9091}.
 *
 * <p>{@code msg} is always quoted, since it is free text; other values are quoted only when they
 * are empty or contain a space, {@code =}, {@code "} or a control character. Inside quotes,
 * backslash, quote and control characters are escaped, so one event is always one line.
 */
final class LogfmtEncoder implements LogEncoder {

    @Override
    public void encode(LogEvent event, StringBuilder out) {
        out.append("ts=");
        TIMESTAMP.formatTo(event.time(), out);
        out.append(" level=").append(event.level().label());
        out.append(" msg=");
        quoted(event.message(), out);
        List<Object> kv = event.keyValues();
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            out.append(' ');
            key(String.valueOf(kv.get(i)), out);
            out.append('=');
            value(kv.get(i + 1), out);
        }
        out.append('\n');
    }

    /** Keys come from code, but a bad one must still not break the line: unsafe characters become '_'. */
    private static void key(String k, StringBuilder out) {
        if (k.isEmpty()) {
            out.append('_');
            return;
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            out.append(c <= ' ' || c == '=' || c == '"' || c == 0x7f ? '_' : c);
        }
    }

    private static void value(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
            return;
        }
        String s = v.toString();
        if (needsQuotes(s)) {
            quoted(s, out);
        } else {
            out.append(s);
        }
    }

    static boolean needsQuotes(String s) {
        if (s.isEmpty()) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    static void quoted(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
