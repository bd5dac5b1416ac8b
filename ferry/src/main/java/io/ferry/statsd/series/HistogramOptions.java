package io.ferry.statsd.series;

/** A histogram's buckets and native-histogram settings ({@code nativeBucketFactor <= 1}: no native histogram). */
public record HistogramOptions(double[] buckets, double nativeBucketFactor, int nativeMaxBuckets) {
}
