package io.ferry.otlp.convert;

/** Contract stub (otlp-convert replaces it at merge). */
public record HistogramDelta() {
}
