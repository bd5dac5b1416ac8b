package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.wire.ProtoWire;

/**
 * The limits on one series' labels that every route writing into the push store keeps (the push
 * API's {@code push.limits}, OTLP exports): labels per series, and the bytes of UTF-8 of a name
 * and of a value, as Prometheus counts them. Immutable.
 */
public record LabelLimits(int maxLabelsPerSeries, int maxLabelNameLength, int maxLabelValueLength) {

    /** A series over a limit; {@link #limit()} names it as its config key does. */
    public static final class Exceeded extends Exception {
        private static final long serialVersionUID = 1L;
        private final String limit;

        Exceeded(String limit, String why) {
            super(why, null, false, false);
            this.limit = limit;
        }

        /** {@code max_labels_per_series}, {@code max_label_name_length} or {@code max_label_value_length}. */
        public String limit() {
            return limit;
        }
    }

    /**
     * Checks one series' labels, or a grouping key's. Runs for every series written: the messages
     * are built only for a refusal, and a string too short to pass a limit even at three bytes a
     * char (a Java char is at most three bytes of UTF-8) is not measured.
     *
     * @param family the series' family, or null for a grouping key
     */
    public void check(String family, Labels labels) throws Exceeded {
        String of = family == null ? "the grouping key" : family; // whose labels, for the messages
        if (labels.size() > maxLabelsPerSeries) {
            throw new Exceeded("max_labels_per_series", (family == null ? of : "a series of " + family) + " has "
                    + labels.size() + " labels, over the limit of " + maxLabelsPerSeries);
        }
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            int nameBytes = fitsSurely(name, maxLabelNameLength) ? 0 : ProtoWire.utf8Length(name);
            if (nameBytes > maxLabelNameLength) {
                throw new Exceeded("max_label_name_length", "label name \"" + shortened(name) + "\" of " + of
                        + " is " + nameBytes + " bytes long, over the limit of " + maxLabelNameLength);
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

    private Exceeded valueTooLong(String name, String of, String length) {
        return new Exceeded("max_label_value_length", "the value of label " + name + " of " + of + " is " + length
                + " long, over the limit of " + maxLabelValueLength + " bytes");
    }

    private static String shortened(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
