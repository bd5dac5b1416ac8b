package io.ferry.otlp.wire;

import java.util.Arrays;

/**
 * OTLP attributes (a resource's, a scope's, a point's or an exemplar's), in the order received, each
 * value already in the string form Prometheus gives it: a string as is, a bool {@code true}/{@code
 * false}, an int in decimal, a double as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} writes it,
 * an array or key-value list as JSON, bytes as base64.
 *
 * <pre>{@code
 * Attributes attrs = Attributes.of("service.name", "checkout", "service.instance.id", "pod-1");
 * attrs.get("service.name");           // "checkout"
 * for (int i = 0; i < attrs.size(); i++) { use(attrs.key(i), attrs.value(i)); }
 * }</pre>
 *
 * <p>Immutable and thread-safe. Duplicate keys are kept as received; {@link #get} returns the first.
 */
public final class Attributes {
    public static final Attributes EMPTY = new Attributes(new String[0]);

    /** Keys at even indexes, each followed by its value. */
    private final String[] keysAndValues;

    private Attributes(String[] keysAndValues) {
        this.keysAndValues = keysAndValues;
    }

    /** Attributes from alternating keys and values. */
    public static Attributes of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of keys and values: " + keysAndValues.length);
        }
        for (String s : keysAndValues) {
            if (s == null) {
                throw new NullPointerException("null key or value");
            }
        }
        return keysAndValues.length == 0 ? EMPTY : new Attributes(keysAndValues.clone());
    }

    /** Takes ownership of {@code keysAndValues} (the decoders' array, not copied). */
    static Attributes wrap(String[] keysAndValues, int length) {
        if (length == 0) {
            return EMPTY;
        }
        return new Attributes(length == keysAndValues.length ? keysAndValues : Arrays.copyOf(keysAndValues, length));
    }

    public int size() {
        return keysAndValues.length >> 1;
    }

    public String key(int i) {
        return keysAndValues[checkIndex(i) << 1];
    }

    public String value(int i) {
        return keysAndValues[(checkIndex(i) << 1) + 1];
    }

    /** The value of the first attribute named {@code key}, or null when there is none. */
    public String get(String key) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i].equals(key)) {
                return keysAndValues[i + 1];
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return keysAndValues.length == 0;
    }

    private int checkIndex(int i) {
        return java.util.Objects.checkIndex(i, size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes other && Arrays.equals(keysAndValues, other.keysAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keysAndValues);
    }

    /** {@code {k="v", ...}}, for messages and test failures. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(keysAndValues[i]).append("=\"").append(keysAndValues[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }
}
