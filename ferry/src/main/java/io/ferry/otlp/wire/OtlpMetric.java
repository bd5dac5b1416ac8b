package io.ferry.otlp.wire;

import java.util.List;

/**
 * One OTLP {@code Metric}: its name, description and unit ({@code ""} when absent), which data field
 * was set, that field's temporality and monotonicity (sums only; {@link Temporality#UNSPECIFIED} and
 * {@code false} otherwise) and its points, all of the record type that matches {@code kind}
 * ({@link NumberPoint} for gauges and sums, and so on; none for {@link MetricKind#EMPTY}). Immutable.
 *
 * <pre>{@code
 * if (metric.kind() == MetricKind.SUM && metric.temporality() == Temporality.DELTA) { ... }
 * }</pre>
 */
public record OtlpMetric(String name, String description, String unit, MetricKind kind,
                         Temporality temporality, boolean monotonic, List<? extends DataPoint> points) {
}
