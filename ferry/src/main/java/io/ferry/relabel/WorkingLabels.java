package io.ferry.relabel;

import io.ferry.model.Labels;

import java.util.Arrays;

/**
 * A mutable label set kept sorted by name (as {@link Labels} sorts), the state a relabel pass
 * changes rule by rule. Setting an empty value deletes the label, as Prometheus' label builder
 * does. Reused across passes: it grows once and then allocates nothing. Not thread-safe.
 */
final class WorkingLabels {
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int n;

    void load(Labels labels) {
        int size = labels.size();
        if (size > names.length) {
            names = new String[Math.max(size, names.length * 2)];
            values = new String[names.length];
        }
        for (int i = 0; i < size; i++) {
            names[i] = labels.name(i);
            values[i] = labels.value(i);
        }
        n = size;
    }

    int size() {
        return n;
    }

    String name(int i) {
        return names[i];
    }

    String value(int i) {
        return values[i];
    }

    /** Index of {@code name}, or {@code -(insertion point) - 1}. */
    int indexOf(CharSequence name) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = CharSequence.compare(names[mid], name);
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

    /** The value of {@code name}, or "" when absent (Prometheus' reading of a missing label). */
    String get(CharSequence name) {
        int i = indexOf(name);
        return i < 0 ? "" : values[i];
    }

    /**
     * Sets {@code name} to {@code value}, or deletes it when {@code value} is empty. The name and
     * value are turned into strings only when the set changes, and an existing name's string is
     * reused.
     */
    void set(CharSequence name, CharSequence value) {
        int i = indexOf(name);
        if (value.isEmpty()) {
            if (i >= 0) {
                removeAt(i);
            }
            return;
        }
        if (i >= 0) {
            if (!values[i].contentEquals(value)) {
                values[i] = value.toString();
            }
            return;
        }
        int at = -(i + 1);
        if (n == names.length) {
            names = Arrays.copyOf(names, n * 2);
            values = Arrays.copyOf(values, n * 2);
        }
        System.arraycopy(names, at, names, at + 1, n - at);
        System.arraycopy(values, at, values, at + 1, n - at);
        names[at] = name.toString();
        values[at] = value.toString();
        n++;
    }

    void delete(CharSequence name) {
        int i = indexOf(name);
        if (i >= 0) {
            removeAt(i);
        }
    }

    void removeAt(int i) {
        System.arraycopy(names, i + 1, names, i, n - i - 1);
        System.arraycopy(values, i + 1, values, i, n - i - 1);
        n--;
        names[n] = null;
        values[n] = null;
    }

    /** Whether this set equals {@code labels}. */
    boolean sameAs(Labels labels) {
        if (labels.size() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!names[i].equals(labels.name(i)) || !values[i].equals(labels.value(i))) {
                return false;
            }
        }
        return true;
    }

    /** Copies the current pairs into {@code names} and {@code values}, growing them as needed; returns the count. */
    int snapshot(String[][] into) {
        if (into[0] == null || into[0].length < n) {
            into[0] = new String[Math.max(n, 16)];
            into[1] = new String[into[0].length];
        }
        System.arraycopy(names, 0, into[0], 0, n);
        System.arraycopy(values, 0, into[1], 0, n);
        return n;
    }

    Labels build(Labels.Builder builder) {
        builder.clear();
        for (int i = 0; i < n; i++) {
            builder.tryAdd(names[i], values[i]);
        }
        return builder.build();
    }
}
