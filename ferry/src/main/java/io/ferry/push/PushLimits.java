package io.ferry.push;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ProtoWire;

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
        for (MetricFamily f : families) {
            for (Metric m : f.metrics()) {
                checkLabels(f.name(), m.labels());
            }
        }
    }

    /**
     * Checks a grouping key against the label limits, {@code instance=""} counted when the key has
     * no instance (its series get one): a key over them would otherwise be stored, with its failure
     * time, by the very push they refuse.
     */
    void checkGroupingKey(Labels key) throws PushException {
        checkLabels(null, key.get("instance") != null ? key : key.with("instance", ""));
    }

    /**
     * Checks one series' labels, or the grouping key's. Runs for every series of every push: the
     * messages are built only for a refusal, and a string too short to pass a limit even at three
     * bytes a char (a Java char is at most three bytes of UTF-8) is not measured.
     *
     * @param family the series' family, or null for the grouping key
     */
    private void checkLabels(String family, Labels labels) throws PushException {
        String of = family == null ? "the grouping key" : family; // whose labels, for the messages
        if (labels.size() > maxLabelsPerSeries) {
            throw refused("max_labels_per_series", (family == null ? of : "a series of " + family) + " has "
                    + labels.size() + " labels, over the limit of " + maxLabelsPerSeries);
        }
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            int nameBytes = fitsSurely(name, maxLabelNameLength) ? 0 : ProtoWire.utf8Length(name);
            if (nameBytes > maxLabelNameLength) {
                throw refused("max_label_name_length", "label name \"" + shortened(name) + "\" of " + of + " is "
                        + nameBytes + " bytes long, over the limit of " + maxLabelNameLength);
            }
            String value = labels.value(i);
            if (fitsSurely(value, maxLabelValueLength)) {
                continue;
            }
            // Bytes of UTF-8, as Prometheus counts them; a value longer in chars alone is told so, uncounted.
            if (value.length() > maxLabelValueLength) {
                throw valueTooLong(name, of, value.length() + " characters");
            }
            int valueBytes = ProtoWire.utf8Length(value);
            if (valueBytes > maxLabelValueLength) {
                throw valueTooLong(name, of, valueBytes + " bytes");
            }
        }
    }

    /** Whether {@code s} is within {@code maxBytes} of UTF-8 whatever its chars are. */
    private static boolean fitsSurely(String s, int maxBytes) {
        return s.length() <= maxBytes / 3;
    }

    private PushException valueTooLong(String name, String of, String length) {
        return refused("max_label_value_length", "the value of label " + name + " of " + of + " is " + length
                + " long, over the limit of " + maxLabelValueLength + " bytes");
    }

    static PushException refused(String limit, String why) {
        return new PushException(400, "push refused: " + why + " (push.limits." + limit + ")", limit);
    }

    private static String shortened(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
