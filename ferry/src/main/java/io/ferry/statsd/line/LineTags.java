package io.ferry.statsd.line;

import io.ferry.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The tags of the line being parsed, as statsd_exporter's per-line label map: a repeated key
 * replaces the earlier value. Reused from line to line of one parse call, so its arrays are
 * allocated once per packet, and the {@link Labels} built once per line however many samples share
 * them. Not thread-safe: one parse call's own state.
 */
final class LineTags {
    static final String CONTAINER_ID = "container_id";

    private String[] keys = new String[8];
    private String[] values = new String[8];
    private int size;
    private Labels built;
    /** Tags refused since the parse call began. */
    long errors;

    void clear() {
        size = 0;
        built = null;
    }

    int size() {
        return size;
    }

    /**
     * Reads {@code key=value} (or {@code key:value}) tags separated by {@code ,} from
     * {@code b[from, to)}. As statsd_exporter does, a {@code ,} ends a tag even when it is empty
     * (an error), but nothing after a final {@code ,} is a tag. DogStatsD clients may put {@code #}
     * before every tag ({@code trimHash}).
     */
    void read(byte[] b, int from, int to, byte separator, boolean trimHash) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (b[i] == ',') {
                tag(b, start, i, separator, trimHash);
                start = i + 1;
            }
        }
        if (start < to) {
            tag(b, start, to, separator, trimHash);
        }
    }

    private void tag(byte[] b, int from, int to, byte separator, boolean trimHash) {
        if (trimHash && from < to && b[from] == '#') {
            from++;
        }
        int sep = from;
        while (sep < to && b[sep] != separator) {
            sep++;
        }
        // Empty, valueless ("#some_tag"), or an empty key or value: counted and ignored; the sample stays.
        if (sep == to || sep == from || sep + 1 == to) {
            errors++;
            return;
        }
        put(StatsdNames.escape(text(b, from, sep)), text(b, sep + 1, to));
    }

    void put(String key, String value) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                if (!values[i].equals(value)) {
                    values[i] = value;
                    built = null;
                }
                return;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        built = null;
    }

    Labels labels() {
        if (size == 0) {
            return Labels.EMPTY;
        }
        if (built == null) {
            Labels.Builder builder = Labels.builder();
            for (int i = 0; i < size; i++) {
                builder.add(keys[i], values[i]);
            }
            built = builder.build();
        }
        return built;
    }

    static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
}
