package io.ferry.log;

import java.util.List;

/**
 * JSON lines: {@code {"ts":"2026-11-21T08:00:00.000Z","level":"info","msg":"listening","address":":9091"}}.
 *
 * <p>Integers and booleans are written as JSON numbers and booleans, finite floating-point numbers
 * as numbers, and everything else (NaN and infinities included) as strings. Control characters and
 * lone surrogates are written as JSON unicode escapes, so every line is valid JSON.
 */
final class JsonEncoder implements LogEncoder {

    @Override
    public void encode(LogEvent event, StringBuilder out) {
        out.append("{\"ts\":\"");
        TIMESTAMP.formatTo(event.time(), out);
        out.append("\",\"level\":\"").append(event.level().label());
        out.append("\",\"msg\":");
        string(event.message(), out);
        List<Object> kv = event.keyValues();
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            out.append(',');
            string(String.valueOf(kv.get(i)), out);
            out.append(':');
            value(kv.get(i + 1), out);
        }
        out.append("}\n");
    }

    private static void value(Object v, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Integer n -> out.append(n);
            case Long n -> out.append(n);
            case Short n -> out.append(n);
            case Byte n -> out.append(n);
            case Double d when Double.isFinite(d) -> out.append(d);
            case Float f when Float.isFinite(f) -> out.append(f);
            default -> string(v.toString(), out);
        }
    }

    static void string(String s, StringBuilder out) {
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
                    if (c < ' ' || c == 0x7f || Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
