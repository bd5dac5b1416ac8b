package io.ferry.otlp.convert.internal;

import io.ferry.model.Exemplar;
import io.ferry.model.NativeBucketBounds;
import io.ferry.model.NativeHistogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Native histogram buckets: built from OTLP's exponential buckets, added together, and flattened
 * into classic {@code le} buckets for the formats that carry no native ones. Stateless.
 *
 * <p>OTLP bucket {@code i} at scale {@code s} covers {@code (base^i, base^(i+1)]}; Prometheus' bucket
 * {@code j} covers {@code (base^(j-1), base^j]}, so {@code j = i + 1}. Schemas above 8 are merged
 * down to 8 (two buckets into one per step), as Prometheus does.
 *
 * <pre>{@code
 * NativeHistogram h = NativeBuckets.fromOtlp(scale, zeroThreshold, zeroCount,
 *         positiveOffset, positive, negativeOffset, negative, exemplars);
 * NativeBuckets.Classic c = NativeBuckets.classic(h, count);   // le bounds ending in +Inf
 * }</pre>
 */
public final class NativeBuckets {
    /** The largest schema Prometheus' native histograms have. */
    public static final int MAX_SCHEMA = 8;
    /** The smallest schema Prometheus' native histograms have. */
    public static final int MIN_SCHEMA = -4;
    /** The zero bucket's width when OTLP gives none (the OTel compatibility spec's default). */
    public static final double DEFAULT_ZERO_THRESHOLD = 1e-128;

    /** Classic buckets: inclusive upper bounds ending with {@code +Inf}, and the count at or below each. */
    public record Classic(double[] upperBounds, double[] cumulativeCounts) {
    }

    private NativeBuckets() {
    }

    /** A native histogram from OTLP's buckets; {@code scale} must be at least {@link #MIN_SCHEMA}. */
    public static NativeHistogram fromOtlp(int scale, double zeroThreshold, long zeroCount, int positiveOffset,
                                           long[] positive, int negativeOffset, long[] negative,
                                           List<Exemplar> exemplars) {
        int schema = Math.min(scale, MAX_SCHEMA);
        int shift = scale - schema;
        TreeMap<Long, Double> pos = otlpSide(positiveOffset, positive, shift);
        TreeMap<Long, Double> neg = otlpSide(negativeOffset, negative, shift);
        double zt = zeroThreshold > 0 ? zeroThreshold : DEFAULT_ZERO_THRESHOLD;
        return build(schema, zt, (double) zeroCount, neg, pos, true, exemplars);
    }

    /** OTLP bucket counts by Prometheus index, merged {@code shift} schemas down. */
    private static TreeMap<Long, Double> otlpSide(int offset, long[] counts, int shift) {
        TreeMap<Long, Double> side = new TreeMap<>();
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] != 0) {
                long otlpIndex = ((long) offset + k) >> shift;
                side.merge(otlpIndex + 1, (double) counts[k], Double::sum);
            }
        }
        return side;
    }

    /** {@code a + b}: at the coarser schema, with the wider zero bucket swallowing the buckets inside it. */
    public static NativeHistogram add(NativeHistogram a, NativeHistogram b, List<Exemplar> exemplars) {
        int schema = Math.min(a.schema(), b.schema());
        double zt = Math.max(a.zeroThreshold(), b.zeroThreshold());
        TreeMap<Long, Double> pos = sides(a.positiveSpans(), a.positiveCounts(), a.schema(), schema);
        addInto(pos, sides(b.positiveSpans(), b.positiveCounts(), b.schema(), schema));
        TreeMap<Long, Double> neg = sides(a.negativeSpans(), a.negativeCounts(), a.schema(), schema);
        addInto(neg, sides(b.negativeSpans(), b.negativeCounts(), b.schema(), schema));
        double zero = a.zeroCount() + b.zeroCount() + swallow(pos, zt, schema) + swallow(neg, zt, schema);
        return build(schema, zt, zero, neg, pos, a.integerCounts() && b.integerCounts(), exemplars);
    }

    /** Removes the buckets lying wholly inside the zero bucket and returns their total. */
    private static double swallow(TreeMap<Long, Double> side, double zeroThreshold, int schema) {
        double total = 0;
        while (!side.isEmpty() && NativeBucketBounds.upper(side.firstKey(), schema) <= zeroThreshold) {
            total += side.pollFirstEntry().getValue();
        }
        return total;
    }

    private static void addInto(TreeMap<Long, Double> into, TreeMap<Long, Double> from) {
        from.forEach((k, v) -> into.merge(k, v, Double::sum));
    }

    /** A side's buckets by index, reduced from {@code schema} to {@code target}. */
    private static TreeMap<Long, Double> sides(int[] spans, double[] counts, int schema, int target) {
        TreeMap<Long, Double> side = new TreeMap<>();
        int shift = schema - target;
        NativeHistogram.forEachBucket(spans, counts,
                (idx, c) -> side.merge(((idx - 1) >> shift) + 1, c, Double::sum));
        return side;
    }

    private static NativeHistogram build(int schema, double zeroThreshold, double zeroCount,
                                         TreeMap<Long, Double> negative, TreeMap<Long, Double> positive,
                                         boolean integerCounts, List<Exemplar> exemplars) {
        List<Integer> negSpans = new ArrayList<>();
        List<Double> negCounts = new ArrayList<>();
        spans(negative, negSpans, negCounts);
        List<Integer> posSpans = new ArrayList<>();
        List<Double> posCounts = new ArrayList<>();
        spans(positive, posSpans, posCounts);
        return new NativeHistogram(schema, zeroThreshold, zeroCount, ints(negSpans), doubles(negCounts),
                ints(posSpans), doubles(posCounts), integerCounts, exemplars);
    }

    /**
     * Spans over the non-empty buckets: gaps of up to two empty buckets are filled with zeros rather
     * than opening a new span, as Prometheus does.
     */
    private static void spans(TreeMap<Long, Double> side, List<Integer> spans, List<Double> counts) {
        long previous = 0;
        boolean first = true;
        for (Map.Entry<Long, Double> e : side.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            long idx = e.getKey();
            if (first) {
                spans.add((int) idx);
                spans.add(1);
                first = false;
            } else {
                long gap = idx - previous - 1;
                if (gap <= 2) {
                    for (long g = 0; g < gap; g++) {
                        counts.add(0.0);
                    }
                    spans.set(spans.size() - 1, spans.get(spans.size() - 1) + (int) gap + 1);
                } else {
                    spans.add((int) gap);
                    spans.add(1);
                }
            }
            counts.add(e.getValue());
            previous = idx;
        }
    }

    /**
     * Classic buckets covering the same observations: negative buckets (most negative first), the
     * zero bucket, positive buckets, then {@code +Inf} holding {@code count}. A bound not above the
     * previous one (a positive bucket inside a wide zero bucket) is left out; its observations are
     * counted in the next bound.
     */
    public static Classic classic(NativeHistogram h, double count) {
        List<double[]> negatives = new ArrayList<>();
        NativeHistogram.forEachBucket(h.negativeSpans(), h.negativeCounts(),
                (idx, c) -> negatives.add(new double[] {idx, c}));
        List<Double> bounds = new ArrayList<>();
        List<Double> cumulative = new ArrayList<>();
        double running = 0;
        for (int i = negatives.size() - 1; i >= 0; i--) {
            running += negatives.get(i)[1];
            add(bounds, cumulative, -NativeBucketBounds.upper((long) negatives.get(i)[0] - 1, h.schema()), running);
        }
        if (h.zeroCount() != 0 || !negatives.isEmpty()) {
            running += h.zeroCount();
            add(bounds, cumulative, h.zeroThreshold(), running);
        }
        double[] runningPositive = {running};
        NativeHistogram.forEachBucket(h.positiveSpans(), h.positiveCounts(), (idx, c) -> {
            runningPositive[0] += c;
            add(bounds, cumulative, NativeBucketBounds.upper(idx, h.schema()), runningPositive[0]);
        });
        if (!bounds.isEmpty() && bounds.get(bounds.size() - 1) == Double.POSITIVE_INFINITY) {
            bounds.remove(bounds.size() - 1);
            cumulative.remove(cumulative.size() - 1);
        }
        bounds.add(Double.POSITIVE_INFINITY);
        cumulative.add(count);
        return new Classic(doubles(bounds), doubles(cumulative));
    }

    private static void add(List<Double> bounds, List<Double> cumulative, double bound, double count) {
        if (!bounds.isEmpty() && bound <= bounds.get(bounds.size() - 1)) {
            return; // the running count carries these observations to the next bound
        }
        bounds.add(bound);
        cumulative.add(count);
    }

    private static int[] ints(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private static double[] doubles(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
