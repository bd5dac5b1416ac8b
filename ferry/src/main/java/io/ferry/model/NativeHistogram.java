package io.ferry.model;

import java.util.Arrays;
import java.util.List;

/**
 * The native (exponential-bucket) part of a histogram, as the protobuf exposition carries it.
 * Bucket counts are absolute, not the deltas of the wire format; {@code integerCounts} remembers
 * whether the producer sent integer deltas or float counts so the codec can write back the same.
 *
 * @param schema         the bucket resolution, -4 to 8
 * @param zeroThreshold  the width of the zero bucket
 * @param zeroCount      observations in the zero bucket
 * @param negativeSpans  alternating offset and length of each run of negative buckets
 * @param negativeCounts absolute count of each negative bucket
 * @param positiveSpans  alternating offset and length of each run of positive buckets
 * @param positiveCounts absolute count of each positive bucket
 * @param integerCounts  whether counts are integers (sent as deltas) rather than floats
 * @param exemplars      exemplars of the native histogram (each with a timestamp)
 */
public record NativeHistogram(int schema, double zeroThreshold, double zeroCount, int[] negativeSpans,
                              double[] negativeCounts, int[] positiveSpans, double[] positiveCounts,
                              boolean integerCounts, List<Exemplar> exemplars) {

    public NativeHistogram {
        exemplars = List.copyOf(exemplars);
        if (negativeSpans.length % 2 != 0 || positiveSpans.length % 2 != 0) {
            throw new IllegalArgumentException("spans need offset and length pairs");
        }
    }

    /** Receives one bucket of a side: its index and its count. */
    public interface BucketVisitor {
        void accept(long index, double count);
    }

    /**
     * Every bucket of one side, empty ones within spans included, in index order: the first span's
     * offset is the first bucket's index, each later span's offset the gap after the previous span.
     * Stops at the shorter of spans and counts.
     */
    public static void forEachBucket(int[] spans, double[] counts, BucketVisitor visitor) {
        long idx = 0;
        int k = 0;
        for (int s = 0; s < spans.length && k < counts.length; s += 2) {
            idx += spans[s];
            for (int j = 0; j < spans[s + 1] && k < counts.length; j++, idx++) {
                visitor.accept(idx, counts[k++]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeHistogram h && schema == h.schema
                && Double.compare(zeroThreshold, h.zeroThreshold) == 0 && Double.compare(zeroCount, h.zeroCount) == 0
                && Arrays.equals(negativeSpans, h.negativeSpans) && Arrays.equals(negativeCounts, h.negativeCounts)
                && Arrays.equals(positiveSpans, h.positiveSpans) && Arrays.equals(positiveCounts, h.positiveCounts)
                && integerCounts == h.integerCounts && exemplars.equals(h.exemplars);
    }

    @Override
    public int hashCode() {
        return schema * 31 + Arrays.hashCode(positiveCounts);
    }

    @Override
    public String toString() {
        return "NativeHistogram[schema=" + schema + " zeroThreshold=" + zeroThreshold + " zeroCount=" + zeroCount
                + " negSpans=" + Arrays.toString(negativeSpans) + " neg=" + Arrays.toString(negativeCounts)
                + " posSpans=" + Arrays.toString(positiveSpans) + " pos=" + Arrays.toString(positiveCounts)
                + " integer=" + integerCounts + " exemplars=" + exemplars + "]";
    }
}
