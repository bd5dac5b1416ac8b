package io.ferry.statsd.series;

/**
 * One summary objective: the {@code quantile} to report and the rank {@code error} allowed for it.
 *
 * <pre>{@code
 * Quantile median = new Quantile(0.5, 0.05); // reported rank within 0.45..0.55
 * }</pre>
 *
 * <p>Immutable. Both values lie in {@code [0, 1]}.
 */
public record Quantile(double quantile, double error) {
    public Quantile {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1: " + quantile);
        }
        if (!(error >= 0 && error <= 1)) {
            throw new IllegalArgumentException("quantile error must be between 0 and 1: " + error);
        }
    }
}
