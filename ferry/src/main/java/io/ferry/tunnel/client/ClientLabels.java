package io.ferry.tunnel.client;

import io.ferry.model.MetricNames;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels a tunnel client declares ({@code --label k=v}, {@code tunnel_client.labels}), and
 * their {@code X-Ferry-Client-Labels} header: a JSON object in ASCII, every other character
 * written as a JSON {@code \\u} escape, so the value is a valid header value whatever the labels
 * hold and decodes to the same strings.
 *
 * <pre>{@code
 * ClientLabels l = ClientLabels.of(Map.of("site", "a"));
 * l.header();   // {"site":"a"}
 * }</pre>
 *
 * <p>Immutable.
 */
public final class ClientLabels {
    /** The proxy refuses a larger header; the client refuses to start with one. */
    public static final int MAX_HEADER_BYTES = 8 << 10;
    public static final ClientLabels NONE = new ClientLabels(new TreeMap<>(), null);

    private final Map<String, String> labels;
    private final String header;

    private ClientLabels(Map<String, String> labels, String header) {
        this.labels = labels;
        this.header = header;
    }

    /**
     * @throws IllegalArgumentException for a name that is not a valid label name or starts with
     *                                  {@code __}, or labels whose header passes {@link #MAX_HEADER_BYTES}
     */
    public static ClientLabels of(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return NONE;
        }
        Map<String, String> sorted = new TreeMap<>(labels);
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!MetricNames.isValidLabelName(e.getKey()) || e.getKey().startsWith("__")) {
                throw new IllegalArgumentException("label " + e.getKey() + ": not a valid label name, or starts with __");
            }
            if (json.length() > 1) {
                json.append(',');
            }
            string(e.getKey(), json);
            json.append(':');
            string(e.getValue(), json);
        }
        String header = json.append('}').toString();
        if (header.getBytes(StandardCharsets.US_ASCII).length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("labels: more than " + MAX_HEADER_BYTES + " bytes as the "
                    + "X-Ferry-Client-Labels header");
        }
        return new ClientLabels(sorted, header);
    }

    /** The header's value, or null when there are no labels (no header is sent). */
    public String header() {
        return header;
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(labels);
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientLabels l && l.labels.equals(labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
