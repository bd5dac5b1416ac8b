package io.ferry.otlp.wire;

import java.util.List;

/**
 * An explicit-bucket histogram point: {@code bounds} are the explicit upper bounds,
 * {@code bucketCounts} the per-bucket (not cumulative) counts, as received (their lengths are not
 * checked here). The arrays are owned by the record and never modified; callers must not modify
 * them either.
 */
public record HistogramPoint(Attributes attributes, long startTimeNanos, long timeNanos, long count,
                             boolean hasSum, double sum, double[] bounds, long[] bucketCounts,
                             boolean hasMin, double min, boolean hasMax, double max, int flags,
                             List<OtlpExemplar> exemplars) implements DataPoint {
}
