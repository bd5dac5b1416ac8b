package io.ferry.tunnel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, ordered list of HTTP header fields as they travel through the tunnel; names compare
 * case-insensitively, and a name may occur more than once.
 *
 * <pre>{@code
 * HeaderFields h = HeaderFields.of("Accept", "text/plain", "Id", id);
 * HeaderFields toClient = h.without(TunnelHeaders.PROXY_AUTHORIZATION);
 * Optional<String> accept = h.first("accept");
 * }</pre>
 *
 * <p>Every name is an HTTP token and no value holds CR, LF or NUL, so writing the fields out can
 * never split a header: the factories throw {@link IllegalArgumentException} otherwise.
 */
public final class HeaderFields {
    /** No fields. */
    public static final HeaderFields EMPTY = new HeaderFields(List.of());

    private final List<Map.Entry<String, String>> entries;

    private HeaderFields(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    /** Fields from alternating names and values. */
    public static HeaderFields of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        List<Map.Entry<String, String>> list = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(checked(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new HeaderFields(Collections.unmodifiableList(list));
    }

    /** Fields in this order. */
    public static HeaderFields of(List<? extends Map.Entry<String, String>> fields) {
        List<Map.Entry<String, String>> list = new ArrayList<>(fields.size());
        for (Map.Entry<String, String> e : fields) {
            list.add(checked(e.getKey(), e.getValue()));
        }
        return new HeaderFields(Collections.unmodifiableList(list));
    }

    /** The fields in order, each a name and a value. */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** The value of the first field with this name, any case. */
    public Optional<String> first(String name) {
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The values of every field with this name, any case, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** These fields without any named one, then {@code name: value} at the end (Go's {@code Header.Set}). */
    public HeaderFields with(String name, String value) {
        List<Map.Entry<String, String>> list = new ArrayList<>(without(name).entries);
        list.add(checked(name, value));
        return new HeaderFields(Collections.unmodifiableList(list));
    }

    /** These fields without any of these names, any case. */
    public HeaderFields without(String... names) {
        List<Map.Entry<String, String>> list = new ArrayList<>(entries.size());
        for (Map.Entry<String, String> e : entries) {
            if (!named(e.getKey(), names)) {
                list.add(e);
            }
        }
        return list.size() == entries.size() ? this : new HeaderFields(Collections.unmodifiableList(list));
    }

    static boolean named(String name, String... names) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Appends {@code Name: value\r\n} for each field except the named ones. */
    void appendTo(StringBuilder out, String... except) {
        for (Map.Entry<String, String> e : entries) {
            if (!named(e.getKey(), except)) {
                out.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
            }
        }
    }

    /** Why this name cannot be a header name, or null when it can. */
    static String badName(String name) {
        if (name.isEmpty()) {
            return "empty header name";
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                return "invalid character in header name " + quoted(name);
            }
        }
        return null;
    }

    /** Why this value cannot be a header value, or null when it can: a control character other than tab. */
    static String badValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return "invalid character 0x" + Integer.toHexString(c) + " in header value";
            }
        }
        return null;
    }

    static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    static String quoted(String s) {
        String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format(Locale.ROOT, "\\x%02x", (int) c & 0xff));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static Map.Entry<String, String> checked(String name, String value) {
        String bad = badName(name);
        if (bad == null) {
            bad = badValue(value);
        }
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        return Map.entry(name, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderFields other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
