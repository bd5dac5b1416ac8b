package io.ferry.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable set of label pairs, sorted by name, names unique.
 *
 * <pre>{@code
 * Labels l = Labels.of("job", "backup", "instance", "nas-01");
 * l.get("job");   // "backup"
 * l.name(0);      // "instance": pairs are kept sorted by name
 * }</pre>
 *
 * <p>Stored as one array of alternating names and values, so a set of {@code n} pairs costs one
 * object and one array: a store of a million series holds millions of these. Instances are
 * thread-safe. Names are not validated here; the parsers and the push layer do that, each with its
 * own error.
 */
public final class Labels implements Comparable<Labels> {
    public static final Labels EMPTY = new Labels(new String[0]);

    private final String[] pairs;
    private int hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
    }

    /** Labels from alternating names and values, in any order; throws on a repeated name. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name and value pairs");
        }
        Builder b = new Builder(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Labels of(Map<String, String> map) {
        Builder b = new Builder(map.size());
        map.forEach(b::add);
        return b.build();
    }

    public static Builder builder() {
        return new Builder(4);
    }

    public int size() {
        return pairs.length >> 1;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    public String name(int i) {
        return pairs[i << 1];
    }

    public String value(int i) {
        return pairs[(i << 1) + 1];
    }

    /** The value of label {@code name}, or null when absent. */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : value(i);
    }

    /** Index of {@code name} in sort order, or a negative number when absent. */
    public int indexOf(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[mid << 1].compareTo(name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The label names in order, in an array of their own (for {@link ValueColumns}). */
    String[] names() {
        String[] names = new String[size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = pairs[i << 1];
        }
        return names;
    }

    /**
     * When these labels have exactly {@code names}, copies their values to {@code into} from {@code at}
     * and returns true; otherwise returns false (for {@link ValueColumns}).
     */
    boolean copyValuesIfNamed(String[] names, String[] into, int at) {
        if (pairs.length != names.length << 1) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            String name = pairs[i << 1];
            if (name != names[i] && !name.equals(names[i])) {
                return false;
            }
            into[at + i] = pairs[(i << 1) + 1];
        }
        return true;
    }

    /** The labels of {@code names} (sorted, unique) with the values at {@code values[from, from + names.length)}. */
    static Labels ofColumns(String[] names, String[] values, int from) {
        if (names.length == 0) {
            return EMPTY;
        }
        String[] pairs = new String[names.length << 1];
        for (int i = 0; i < names.length; i++) {
            pairs[i << 1] = names[i];
            pairs[(i << 1) + 1] = values[from + i];
        }
        return new Labels(pairs);
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    /** These labels with {@code name} set to {@code value}, replacing any present value. */
    public Labels with(String name, String value) {
        int i = indexOf(name);
        if (i >= 0) {
            if (value(i).equals(value)) {
                return this;
            }
            String[] copy = pairs.clone();
            copy[(i << 1) + 1] = value;
            return new Labels(copy);
        }
        int at = -(i + 1) << 1;
        String[] copy = new String[pairs.length + 2];
        System.arraycopy(pairs, 0, copy, 0, at);
        copy[at] = name;
        copy[at + 1] = value;
        System.arraycopy(pairs, at, copy, at + 2, pairs.length - at);
        return new Labels(copy);
    }

    /**
     * These labels with every label of {@code other}, whose value wins where both have a name: as
     * {@link #with} for each of them, in one new array. This very object when {@code other} adds nothing.
     */
    public Labels withAll(Labels other) {
        if (other.pairs.length == 0) {
            return this;
        }
        String[] merged = new String[pairs.length + other.pairs.length];
        int i = 0;
        int j = 0;
        int n = 0;
        boolean changed = false;
        while (i < pairs.length || j < other.pairs.length) {
            int c = i == pairs.length ? 1 : j == other.pairs.length ? -1 : pairs[i].compareTo(other.pairs[j]);
            if (c < 0) {
                merged[n++] = pairs[i++];
                merged[n++] = pairs[i++];
                continue;
            }
            if (c > 0 || !pairs[i + 1].equals(other.pairs[j + 1])) {
                changed = true;
            }
            merged[n++] = other.pairs[j++];
            merged[n++] = other.pairs[j++];
            if (c == 0) {
                i += 2;
            }
        }
        if (!changed) {
            return this;
        }
        return new Labels(n == merged.length ? merged : Arrays.copyOf(merged, n));
    }

    /**
     * These labels with each label of {@code defaults} they lack or hold empty (an empty value is
     * an absent label, and an empty default adds nothing): target labels filling a series, external
     * labels a sent series. This very object when nothing is added.
     */
    public Labels withDefaults(Labels defaults) {
        Labels out = this;
        for (int i = 0; i < defaults.size(); i++) {
            String v = get(defaults.name(i));
            if ((v == null || v.isEmpty()) && !defaults.value(i).isEmpty()) {
                out = out.with(defaults.name(i), defaults.value(i));
            }
        }
        return out;
    }

    /** These labels without {@code name}. */
    public Labels without(String name) {
        int i = indexOf(name);
        if (i < 0) {
            return this;
        }
        int at = i << 1;
        String[] copy = new String[pairs.length - 2];
        System.arraycopy(pairs, 0, copy, 0, at);
        System.arraycopy(pairs, at + 2, copy, at, pairs.length - at - 2);
        return new Labels(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Labels other && hashCode() == other.hashCode()
                && Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    /**
     * Orders label sets as client_golang sorts a family's metrics, which is the Pushgateway's
     * {@code /metrics} order: fewer labels first, then values pairwise in name order, then names,
     * so that only equal sets tie. Strings compare as their UTF-8 bytes would, as Go's do.
     */
    @Override
    public int compareTo(Labels o) {
        if (pairs.length != o.pairs.length) {
            return Integer.compare(pairs.length, o.pairs.length);
        }
        for (int i = 1; i < pairs.length; i += 2) {
            int c = compareUtf8(pairs[i], o.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        for (int i = 0; i < pairs.length; i += 2) {
            int c = compareUtf8(pairs[i], o.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Compares as the strings' UTF-8 bytes would, which is code point order. {@link String#compareTo}
     * compares UTF-16 units and so puts U+E000..U+FFFF after supplementary characters.
     */
    public static int compareUtf8(String a, String b) {
        if (a == b) {
            return 0; // common: grouping label values and parsed names are shared instances
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointRank(x) - codePointRank(y);
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF, keeping every other unit in place. */
    private static int codePointRank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(pairs[i]).append("=\"").append(pairs[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }

    /**
     * Collects pairs in any order and sorts them once. Not thread-safe; reusable after
     * {@link #build()} through {@link #clear()}.
     */
    public static final class Builder {
        private String[] pairs;
        private int n;

        Builder(int capacity) {
            pairs = new String[Math.max(2, capacity * 2)];
        }

        /**
         * Adds a pair, keeping names sorted. Returns false, and adds nothing, when {@code name} is
         * already present.
         */
        public boolean tryAdd(String name, String value) {
            int i = n;
            // Insertion from the end: expositions usually list labels already sorted.
            while (i > 0) {
                int c = pairs[i - 2].compareTo(name);
                if (c == 0) {
                    return false;
                }
                if (c < 0) {
                    break;
                }
                i -= 2;
            }
            if (n + 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            System.arraycopy(pairs, i, pairs, i + 2, n - i);
            pairs[i] = name;
            pairs[i + 1] = value;
            n += 2;
            return true;
        }

        /** Adds a pair; throws {@link IllegalArgumentException} when {@code name} is already present. */
        public Builder add(String name, String value) {
            if (name == null || value == null) {
                throw new NullPointerException("label name and value must not be null");
            }
            if (!tryAdd(name, value)) {
                throw new IllegalArgumentException("duplicate label name \"" + name + "\"");
            }
            return this;
        }

        public int size() {
            return n >> 1;
        }

        /** Whether the pairs collected so far equal {@code labels}, without building anything. */
        public boolean sameAs(Labels labels) {
            String[] other = labels.pairs;
            if (other.length != n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!pairs[i].equals(other[i])) {
                    return false;
                }
            }
            return true;
        }

        /** Empties the builder; the old strings stay referenced until overwritten, which saves a fill per use. */
        public Builder clear() {
            n = 0;
            return this;
        }

        public Labels build() {
            return n == 0 ? EMPTY : new Labels(Arrays.copyOf(pairs, n));
        }
    }
}
