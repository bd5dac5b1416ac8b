package io.ferry.otlp.wire;

import java.util.Arrays;

/** The path to the field being read, such as {@code resource_metrics[0].scope_metrics[1].scope}. */
final class FieldPath {
    private String[] names = new String[16];
    private int[] indexes = new int[16];
    private int depth;

    /** Enters field {@code name}, element {@code index} of a repeated field or -1. */
    void push(String name, int index) {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
        }
        names[depth] = name;
        indexes[depth] = index;
        depth++;
    }

    void pop() {
        depth--;
    }

    int depth() {
        return depth;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(names[i]);
            if (indexes[i] >= 0) {
                sb.append('[').append(indexes[i]).append(']');
            }
        }
        return sb.toString();
    }
}
