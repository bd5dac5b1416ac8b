/**
 * Ferry's own metrics: a tiny registry ({@link io.ferry.telemetry.Registry}) of collectors that
 * produce {@link io.ferry.model.MetricFamily} values for {@code /metrics}, the counter and histogram
 * instruments, the standard process, JVM and build-info collectors, and {@link io.ferry.telemetry.Recent},
 * the last values of something for the status pages' plots. No client library at
 * runtime: the exposition writers that render pushed data render these too.
 */
package io.ferry.telemetry;
