package io.ferry.remotewrite.queue;

import io.ferry.model.Labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Series with their samples, appended to and read from a {@link SampleQueue} as one unit. Series
 * keep the order in which they first appeared; a series' samples keep the order they were added
 * in. Immutable and thread-safe once built.
 */
public final class SampleBatch {
    private final List<SeriesSamples> series;
    private final int sampleCount;

    public SampleBatch(List<SeriesSamples> series) {
        this.series = List.copyOf(series);
        int n = 0;
        for (SeriesSamples s : this.series) {
            n += s.size();
        }
        this.sampleCount = n;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<SeriesSamples> series() {
        return series;
    }

    public int sampleCount() {
        return sampleCount;
    }

    public boolean isEmpty() {
        return sampleCount == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SampleBatch other) || other.series.size() != series.size()) {
            return false;
        }
        for (int i = 0; i < series.size(); i++) {
            SeriesSamples a = series.get(i);
            SeriesSamples b = other.series.get(i);
            // Raw bits, so that NaN and the stale marker compare equal to themselves.
            if (!a.labels().equals(b.labels()) || !Arrays.equals(a.timestampsMs(), b.timestampsMs())
                    || !Arrays.equals(bits(a.values()), bits(b.values()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return series.stream().mapToInt(s -> s.labels().hashCode() * 31 + Arrays.hashCode(s.timestampsMs())).sum();
    }

    private static long[] bits(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.doubleToRawLongBits(values[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SampleBatch[");
        for (SeriesSamples s : series) {
            b.append(s.labels()).append('=');
            for (int i = 0; i < s.size(); i++) {
                b.append(i == 0 ? "" : ",").append(s.values()[i]).append('@').append(s.timestampsMs()[i]);
            }
            b.append(' ');
        }
        return b.append(']').toString();
    }

    /** Collects samples by series. Not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<Labels, Growing> bySeries = new LinkedHashMap<>();

        public Builder add(Labels labels, double value, long timestampMs) {
            bySeries.computeIfAbsent(labels, l -> new Growing()).add(value, timestampMs);
            return this;
        }

        public SampleBatch build() {
            List<SeriesSamples> out = new ArrayList<>(bySeries.size());
            bySeries.forEach((labels, g) -> out.add(new SeriesSamples(labels, Arrays.copyOf(g.values, g.size),
                    Arrays.copyOf(g.timestamps, g.size))));
            return new SampleBatch(out);
        }
    }

    private static final class Growing {
        double[] values = new double[2];
        long[] timestamps = new long[2];
        int size;

        void add(double v, long t) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
                timestamps = Arrays.copyOf(timestamps, size * 2);
            }
            values[size] = v;
            timestamps[size++] = t;
        }
    }
}
