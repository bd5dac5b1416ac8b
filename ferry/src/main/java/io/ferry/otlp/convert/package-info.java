/**
 * OTLP metrics to Prometheus' model: {@link io.ferry.otlp.convert.OtlpConverter} turns a decoded
 * export request into per-resource groups of cumulative families and delta points, and
 * {@link io.ferry.otlp.convert.DeltaSeries#accumulate} adds a delta point to a stored series.
 */
package io.ferry.otlp.convert;
