package io.ferry.config;

/** Reads {@code push.limits:}. */
final class LimitsSection {
    private LimitsSection() {
    }

    static PushLimitsConfig read(YamlMapping m, PushLimitsConfig d) throws ConfigException {
        m.allowOnly("max_body_bytes", "max_series_per_push", "max_labels_per_series", "max_label_name_length",
                "max_label_value_length", "max_groups", "max_series", "max_pushes_per_second", "burst");
        PushLimitsConfig limits;
        try {
            limits = new PushLimitsConfig(
                    m.string("max_body_bytes", ByteSize::parse).orElse(d.maxBodyBytes()),
                    intValue(m, "max_series_per_push", d.maxSeriesPerPush()),
                    intValue(m, "max_labels_per_series", d.maxLabelsPerSeries()),
                    intValue(m, "max_label_name_length", d.maxLabelNameLength()),
                    intValue(m, "max_label_value_length", d.maxLabelValueLength()),
                    m.integer("max_groups").orElse(d.maxGroups()),
                    m.integer("max_series").orElse(d.maxSeries()),
                    m.string("max_pushes_per_second", Double::parseDouble).orElse(d.pushesPerSecond()),
                    intValue(m, "burst", d.pushesBurst()));
        } catch (IllegalArgumentException e) {
            // The record names the key; point at its line.
            String key = e.getMessage().split(" ", 2)[0];
            throw new ConfigException(m.file(), m.lineOf(key), "push.limits." + e.getMessage());
        }
        return limits;
    }

    private static int intValue(YamlMapping m, String key, int otherwise) throws ConfigException {
        long v = m.integer(key).orElse((long) otherwise);
        if (v > Integer.MAX_VALUE) {
            throw m.error(key, v + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }
}
