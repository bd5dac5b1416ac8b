/**
 * Ferry's own metrics: a tiny registry ({@link io.ferry.telemetry.Registry}) of collectors that
 * produce {@link io.ferry.model.MetricFamily} values for {@code /metrics}, the counter and histogram
 * instruments, and the standard process, JVM and build-info collectors. No client library at
 * runtime: the exposition writers that render pushed data render these too.
 */
package io.ferry.telemetry;
