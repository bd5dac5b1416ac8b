package io.ferry.otlp.convert;

/**
 * What becomes of points with delta temporality (sums, histograms, exponential histograms).
 *
 * <pre>{@code
 * new ConversionOptions(..., DeltaPolicy.REJECT); // behave as a default Prometheus
 * }</pre>
 */
public enum DeltaPolicy {
    /** Each delta point becomes a {@link DeltaSeries} to add to the stored cumulative series. */
    ACCUMULATE,
    /** Delta points are rejected (counted), as Prometheus does without its delta feature flags. */
    REJECT
}
