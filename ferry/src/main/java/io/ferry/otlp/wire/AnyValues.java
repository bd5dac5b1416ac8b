package io.ferry.otlp.wire;

import io.ferry.wire.ByteSink;
import io.ferry.wire.GoJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/**
 * An OTLP {@code AnyValue} in the string form Prometheus' translator gives it (pdata's
 * {@code AsString}), which both decoders use for attribute values. A value is decoded to a "raw"
 * object first: {@link String}, {@link Boolean}, {@link Long}, {@link Double}, {@code byte[]},
 * {@link RawArray}, {@link RawKeyValues}, or {@code null} for an empty value.
 *
 * <p>Doubles are written as Go's {@code encoding/json} writes them (shortest digits, exponent form
 * below 1e-6 and from 1e21); NaN and the infinities, which JSON lacks, as {@code NaN},
 * {@code Infinity} and {@code -Infinity}, as the specification's "AnyValue representation for
 * non-OTLP protocols" says. Arrays and key-value lists become JSON as Go marshals them: keys sorted,
 * the last of duplicate keys kept, {@code <>&} escaped, bytes as base64 strings, an empty value as
 * {@code null}.
 */
final class AnyValues {
    private AnyValues() {
    }

    /** An {@code ArrayValue}'s raw elements. */
    record RawArray(List<Object> values) {
    }

    /** A {@code KeyValueList}'s keys and raw values, alternating, as received. */
    record RawKeyValues(List<Object> keysAndValues) {
    }

    static String render(Object raw) {
        return switch (raw) {
            case null -> "";
            case String s -> s;
            case Boolean b -> b ? "true" : "false";
            case Long l -> Long.toString(l);
            case Double d -> formatDouble(d);
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            default -> {
                ByteSink out = new ByteSink(64);
                writeJson(new GoJson(out), raw);
                yield new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
            }
        };
    }

    private static void writeJson(GoJson json, Object raw) {
        switch (raw) {
            case null -> json.nullValue();
            case String s -> json.value(s);
            case Boolean b -> json.value(b);
            case Long l -> json.value(l);
            case Double d -> json.number(formatDouble(d));
            case byte[] bytes -> json.value(Base64.getEncoder().encodeToString(bytes));
            case RawArray a -> {
                json.beginArray();
                for (Object v : a.values()) {
                    writeJson(json, v);
                }
                json.endArray();
            }
            case RawKeyValues kv -> {
                TreeMap<String, Object> sorted = new TreeMap<>();
                List<Object> list = kv.keysAndValues();
                for (int i = 0; i < list.size(); i += 2) {
                    sorted.put((String) list.get(i), list.get(i + 1));
                }
                json.beginObject();
                sorted.forEach((k, v) -> {
                    json.name(k);
                    writeJson(json, v);
                });
                json.endObject();
            }
            default -> throw new IllegalArgumentException("not a raw value: " + raw.getClass());
        }
    }

    /**
     * {@code v} as Go's {@code encoding/json} writes a float64 (ES6's number to string): shortest
     * round-tripping digits, plain decimals for magnitudes in [1e-6, 1e21), otherwise exponent form
     * with at least one exponent digit and a sign ({@code 1e+21}, {@code 1e-7}).
     */
    static String formatDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        // Double.toString gives the shortest round-tripping digits (JDK 19+); respell them.
        String s = Double.toString(Math.abs(v));
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int pointAt = dot + exponent; // the decimal point sits after this many digits
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
            pointAt--;
        }
        digits = digits.substring(lead);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        if (digits.length() == 2) {
            // Double.toString writes at least two digits; the shortest may have one (4.9e-324 is 5e-324).
            int rounded = (digits.charAt(0) - '0') + (digits.charAt(1) >= '5' ? 1 : 0);
            String one = rounded == 10 ? "1" : Integer.toString(rounded);
            int onePointAt = rounded == 10 ? pointAt + 1 : pointAt;
            if (Double.parseDouble(one + "e" + (onePointAt - 1)) == Math.abs(v)) {
                digits = one;
                pointAt = onePointAt;
            }
        }
        StringBuilder out = new StringBuilder(24);
        if (v < 0) {
            out.append('-');
        }
        double abs = Math.abs(v);
        if (abs < 1e-6 || abs >= 1e21) {
            int exp = pointAt - 1;
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        } else if (pointAt <= 0) {
            out.append("0.");
            out.repeat('0', -pointAt);
            out.append(digits);
        } else if (pointAt >= digits.length()) {
            out.append(digits);
            out.repeat('0', pointAt - digits.length());
        } else {
            out.append(digits, 0, pointAt).append('.').append(digits, pointAt, digits.length());
        }
        return out.toString();
    }

    static List<Object> newList() {
        return new ArrayList<>(4);
    }
}
