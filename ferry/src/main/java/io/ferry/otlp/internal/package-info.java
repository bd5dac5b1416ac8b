/**
 * The parts of OTLP ingest behind {@link io.ferry.otlp.OtlpIngest}: the per-group ordering, the
 * delta streams' ordering state, the series-wise merge into stored families and the tally of
 * rejections.
 */
package io.ferry.otlp.internal;
