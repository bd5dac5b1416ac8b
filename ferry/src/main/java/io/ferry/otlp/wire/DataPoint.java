package io.ferry.otlp.wire;

/**
 * What every OTLP data point has: its attributes, start and sample times (Unix nanoseconds, 0 when
 * absent) and flags. Implementations are immutable records.
 */
public sealed interface DataPoint permits NumberPoint, HistogramPoint, ExpHistogramPoint, SummaryPoint {
    /** {@code DataPointFlags.FLAG_NO_RECORDED_VALUE}. */
    int FLAG_NO_RECORDED_VALUE = 1;

    Attributes attributes();

    long startTimeNanos();

    long timeNanos();

    int flags();

    /** Flags bit 0: the point marks its stream as stale rather than carrying a value. */
    default boolean noRecordedValue() {
        return (flags() & FLAG_NO_RECORDED_VALUE) != 0;
    }
}
