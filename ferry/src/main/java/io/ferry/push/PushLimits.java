package io.ferry.push;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.state.LabelLimits;

import java.util.List;

/**
 * What one push may carry and what the store may hold; each refusal names the config key of its
 * limit ({@code push.limits.*}), which is also the {@code reason} Ferry counts it under.
 *
 * @param maxSeriesPerPush    series in one push
 * @param maxLabelsPerSeries  labels on one series, grouping labels included
 * @param maxLabelNameLength  bytes of one label name
 * @param maxLabelValueLength bytes of one label value, as UTF-8
 * @param maxGroups           groups stored
 * @param maxSeries           series stored
 */
public record PushLimits(int maxSeriesPerPush, int maxLabelsPerSeries, int maxLabelNameLength,
                         int maxLabelValueLength, long maxGroups, long maxSeries) {

    /** No limit but the parser's own. */
    public static final PushLimits NONE = new PushLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

    /**
     * Checks a push's families, grouping labels applied, against the per-push limits; the cost is
     * that of reading the push once.
     */
    void check(List<MetricFamily> families) throws PushException {
        long series = 0;
        for (MetricFamily f : families) {
            series += f.metrics().size();
        }
        if (series > maxSeriesPerPush) {
            throw refused("max_series_per_push", series + " series in one push, over the limit of " + maxSeriesPerPush);
        }
        LabelLimits labels = labelLimits();
        for (MetricFamily f : families) {
            for (Metric m : f.metrics()) {
                checkLabels(labels, f.name(), m.labels());
            }
        }
    }

    /**
     * Checks a grouping key against the label limits, {@code instance=""} counted when the key has
     * no instance (its series get one): a key over them would otherwise be stored, with its failure
     * time, by the very push they refuse.
     */
    void checkGroupingKey(Labels key) throws PushException {
        checkLabels(labelLimits(), null, key.get("instance") != null ? key : key.with("instance", ""));
    }

    /** The label limits, which OTLP exports keep too. */
    public LabelLimits labelLimits() {
        return new LabelLimits(maxLabelsPerSeries, maxLabelNameLength, maxLabelValueLength);
    }

    private static void checkLabels(LabelLimits limits, String family, Labels labels) throws PushException {
        try {
            limits.check(family, labels);
        } catch (LabelLimits.Exceeded e) {
            throw refused(e.limit(), e.getMessage());
        }
    }

    static PushException refused(String limit, String why) {
        return new PushException(400, "push refused: " + why + " (push.limits." + limit + ")", limit);
    }

}
