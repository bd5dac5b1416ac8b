package io.ferry.otlp.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes any generated OTLP message as OTLP/JSON by its descriptors, as the specification says
 * (lowerCamelCase keys, 64-bit integers as strings, enums as numbers, trace and span ids in hex,
 * other bytes in base64, NaN and infinities as strings), or, with {@code quirks}, in the variants
 * receivers must or may accept: snake_case keys, 64-bit integers as numbers, enums by name, ids in
 * upper case, unknown members; each choice made at random per field.
 */
final class OtlpJsonWriter {
    private final Random random;
    private final boolean quirks;

    OtlpJsonWriter(Random random, boolean quirks) {
        this.random = random;
        this.quirks = quirks;
    }

    String write(Message m) {
        StringBuilder sb = new StringBuilder();
        message(sb, m);
        return sb.toString();
    }

    private boolean quirk() {
        return quirks && random.nextInt(3) == 0;
    }

    private void message(StringBuilder sb, Message m) {
        sb.append('{');
        boolean first = true;
        if (quirk()) {
            sb.append("\"unknownMember\":{\"nested\":[1,\"x\",null,true,{\"a\":-1.5e3}]}");
            first = false;
        }
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(quirk() ? f.getName() : f.getJsonName()).append("\":");
            if (f.isRepeated()) {
                sb.append('[');
                List<?> list = (List<?>) e.getValue();
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(sb, f, list.get(i));
                }
                sb.append(']');
            } else {
                value(sb, f, e.getValue());
            }
        }
        sb.append('}');
    }

    private void value(StringBuilder sb, FieldDescriptor f, Object v) {
        switch (f.getJavaType()) {
            case MESSAGE -> message(sb, (Message) v);
            case STRING -> string(sb, (String) v);
            case BOOLEAN -> sb.append(v);
            case INT -> {
                boolean unsigned = f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32;
                String s = unsigned ? Integer.toUnsignedString((Integer) v) : v.toString();
                sb.append(quirk() ? "\"" + s + "\"" : s);
            }
            case LONG -> {
                boolean unsigned = f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64;
                String s = unsigned ? Long.toUnsignedString((Long) v) : v.toString();
                sb.append(quirk() ? s : "\"" + s + "\"");
            }
            case DOUBLE -> {
                double d = (Double) v;
                if (Double.isNaN(d)) {
                    sb.append("\"NaN\"");
                } else if (Double.isInfinite(d)) {
                    sb.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
                } else {
                    sb.append(quirk() ? "\"" + d + "\"" : Double.toString(d));
                }
            }
            case ENUM -> {
                EnumValueDescriptor ev = (EnumValueDescriptor) v;
                sb.append(quirk() && ev.getIndex() >= 0 && ev.getType().findValueByNumber(ev.getNumber()) != null
                        && !ev.getName().startsWith("UNKNOWN") ? "\"" + ev.getName() + "\"" : Integer.toString(ev.getNumber()));
            }
            case BYTE_STRING -> {
                byte[] b = ((ByteString) v).toByteArray();
                if (f.getName().equals("trace_id") || f.getName().equals("span_id")) {
                    String hex = HexFormat.of().formatHex(b);
                    sb.append('"').append(quirk() ? hex.toUpperCase() : hex).append('"');
                } else {
                    sb.append('"').append((quirk() ? Base64.getUrlEncoder().withoutPadding() : Base64.getEncoder())
                            .encodeToString(b)).append('"');
                }
            }
            default -> throw new IllegalArgumentException(f.getFullName());
        }
    }

    private void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || quirk() && c > 0x7F) {
                sb.append(String.format("\\u%04x", (int) c));
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    sb.append(String.format("\\u%04x", (int) s.charAt(++i)));
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
