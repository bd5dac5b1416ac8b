package io.ferry.otlp.wire;

import java.util.List;

/**
 * An exponential histogram point: base {@code 2^(2^-scale)}, bucket {@code offset + i} counts the
 * values in {@code (base^(offset+i), base^(offset+i+1)]}. The arrays are owned by the record and
 * never modified; callers must not modify them either.
 */
public record ExpHistogramPoint(Attributes attributes, long startTimeNanos, long timeNanos, long count,
                                boolean hasSum, double sum, int scale, long zeroCount, double zeroThreshold,
                                int positiveOffset, long[] positive, int negativeOffset, long[] negative,
                                int flags, List<OtlpExemplar> exemplars) implements DataPoint {
}
