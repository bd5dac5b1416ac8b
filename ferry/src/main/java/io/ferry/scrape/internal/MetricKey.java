package io.ferry.scrape.internal;

import io.ferry.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A scraped metric's identity, its family name and labels as the target exposed them, encoded as
 * bytes: each string's UTF-8 followed by {@code 0xff}, a byte UTF-8 never holds, so distinct metrics
 * never share a key. The {@link SeriesCache} keys its entries by these bytes, which cost a third of
 * the strings and label set a parser makes, and a lookup encodes into this reused buffer.
 *
 * <pre>{@code
 * MetricKey key = new MetricKey();
 * key.set("http_requests_total", metric.labels());
 * MetricSeries s = cache.get(key, metric, false);
 * }</pre>
 *
 * <p>Not thread-safe: one per target's recorder, reused for every metric.
 */
public final class MetricKey {
    private static final byte END = (byte) 0xff;

    private byte[] bytes = new byte[128];
    private int length;
    private int hash;

    /** Makes this the key of the metric of family {@code family} with labels {@code labels}. */
    public MetricKey set(String family, Labels labels) {
        length = 0;
        add(family);
        for (int i = 0; i < labels.size(); i++) {
            add(labels.name(i));
            add(labels.value(i));
        }
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + bytes[i];
        }
        hash = h;
        return this;
    }

    public int hash() {
        return hash;
    }

    public int length() {
        return length;
    }

    /** Copies the key into {@code into} from position {@code at}. */
    void copyTo(byte[] into, int at) {
        System.arraycopy(bytes, 0, into, at, length);
    }

    /** Whether {@code b[from .. to)} holds this key. */
    boolean matches(byte[] b, int from, int to) {
        return Arrays.equals(bytes, 0, length, b, from, to);
    }

    private void add(String s) {
        int n = s.length();
        ensure(n + 1);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                addBytes(s.substring(i).getBytes(StandardCharsets.UTF_8));
                bytes[length++] = END;
                return;
            }
            bytes[length++] = (byte) c;
        }
        bytes[length++] = END;
    }

    private void addBytes(byte[] b) {
        ensure(b.length + 1);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, 2 * bytes.length));
        }
    }
}
