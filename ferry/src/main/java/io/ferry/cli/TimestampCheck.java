package io.ferry.cli;

import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds samples with timestamps before a push: the Pushgateway (and Ferry) refuse the whole push
 * for them, and saying so locally names the families, which the server's message does not.
 */
final class TimestampCheck {
    private TimestampCheck() {
    }

    /** The names of the families with at least one timestamped sample, in order. */
    static List<String> timestampedFamilies(List<MetricFamily> families) {
        List<String> names = new ArrayList<>();
        for (MetricFamily f : families) {
            for (Metric m : f.metrics()) {
                if (m.hasTimestamp()) {
                    names.add(f.name());
                    break;
                }
            }
        }
        return names;
    }

    static String problem(List<String> families) {
        return "samples of " + String.join(", ", families) + " carry timestamps, which a Pushgateway refuses";
    }
}
