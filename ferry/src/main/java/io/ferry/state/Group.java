package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.util.List;

/**
 * One push group as stored: its grouping key, its families (sorted by name, grouping labels already
 * in every series), and the times of its last successful and last failed change, in seconds since
 * the epoch (0 for never, as the Pushgateway exposes it). Immutable.
 */
public record Group(Labels key, List<MetricFamily> families, double pushTimeSeconds,
                   double pushFailureTimeSeconds) {

    public Group {
        families = List.copyOf(families);
    }

    /** Whether the last change succeeded: no failure, or none after the last success. */
    public boolean lastPushSucceeded() {
        return pushFailureTimeSeconds <= pushTimeSeconds;
    }
}
