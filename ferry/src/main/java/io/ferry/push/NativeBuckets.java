package io.ferry.push;

import io.ferry.model.NativeBucketBounds;
import io.ferry.model.NativeHistogram;

import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of a native histogram as the Pushgateway's JSON API lists them, in Prometheus'
 * query-API style: {@code [boundaryRule, "lower", "upper", "count"]}, negative buckets first (most
 * negative first), then the zero bucket, then the positive ones; buckets with a zero count are
 * left out. The boundary rule says which ends are inclusive: 0 for (lower, upper], 1 for
 * [lower, upper), 3 for [lower, upper] (the zero bucket).
 *
 * <p>Bounds are Prometheus' ({@link NativeBucketBounds}): the API prints every bit.
 */
final class NativeBuckets {
    /** One bucket: the boundary rule, the bounds and the count. */
    record Bucket(int rule, double lower, double upper, double count) {
    }

    private NativeBuckets() {
    }

    /** The buckets of {@code h} to list, in order. */
    static List<Bucket> of(NativeHistogram h) {
        List<Bucket> out = new ArrayList<>();
        List<Bucket> negative = new ArrayList<>();
        NativeHistogram.forEachBucket(h.negativeSpans(), h.negativeCounts(), (idx, count) -> {
            if (count != 0) {
                negative.add(new Bucket(1, -bound(idx, h.schema()), -bound(idx - 1, h.schema()), count));
            }
        });
        for (int i = negative.size() - 1; i >= 0; i--) {
            out.add(negative.get(i));
        }
        if (h.zeroCount() != 0) {
            out.add(new Bucket(3, -h.zeroThreshold(), h.zeroThreshold(), h.zeroCount()));
        }
        NativeHistogram.forEachBucket(h.positiveSpans(), h.positiveCounts(), (idx, count) -> {
            if (count != 0) {
                out.add(new Bucket(0, bound(idx - 1, h.schema()), bound(idx, h.schema()), count));
            }
        });
        return out;
    }

    /** The upper bound of bucket {@code idx} in {@code schema}, as Prometheus computes it. */
    static double bound(long idx, int schema) {
        return NativeBucketBounds.upper(idx, schema);
    }
}
