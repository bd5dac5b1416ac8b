package io.ferry.otlp.wire;

import java.util.List;

/**
 * A gauge or sum point. {@code value} is set for both value kinds ({@code as_int} converted to a
 * double), so a converter may read {@code value} alone; {@code isInt} and {@code intValue} keep the
 * exact integer. Immutable.
 */
public record NumberPoint(Attributes attributes, long startTimeNanos, long timeNanos, double value,
                          boolean isInt, long intValue, int flags, List<OtlpExemplar> exemplars)
        implements DataPoint {
}
