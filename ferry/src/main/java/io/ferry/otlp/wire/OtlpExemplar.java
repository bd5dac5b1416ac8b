package io.ferry.otlp.wire;

/**
 * An exemplar: its filtered attributes, time, value ({@code as_int} converted to a double), and
 * trace and span ids as lower-case hex ({@code ""} when absent). Immutable.
 */
public record OtlpExemplar(Attributes filteredAttributes, long timeNanos, double value, String traceIdHex,
                           String spanIdHex) {
}
