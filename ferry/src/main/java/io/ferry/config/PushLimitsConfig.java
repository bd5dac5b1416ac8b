package io.ferry.config;

/**
 * The {@code push.limits:} section: how much one push, one client and the whole store may hold.
 * Each limit refuses with a 4xx that names its key; see docs/push.md, "Limits".
 *
 * @param maxBodyBytes        the largest push body, after gzip is undone ({@code max_body_bytes},
 *                            flag {@code --push.max-body-bytes}); 413 beyond, without reading on
 * @param maxSeriesPerPush    series in one push ({@code max_series_per_push})
 * @param maxLabelsPerSeries  labels on one series, grouping labels included ({@code max_labels_per_series})
 * @param maxLabelNameLength  bytes of one label name ({@code max_label_name_length})
 * @param maxLabelValueLength bytes of one label value, UTF-8 ({@code max_label_value_length})
 * @param maxGroups           groups stored in total ({@code max_groups})
 * @param maxSeries           series stored in total ({@code max_series})
 * @param pushesPerSecond     pushes per second from one token, or from one client address when no
 *                            token is used ({@code max_pushes_per_second}); 0 means no limit
 * @param pushesBurst         pushes one client may make at once before the rate applies ({@code burst})
 */
public record PushLimitsConfig(long maxBodyBytes, int maxSeriesPerPush, int maxLabelsPerSeries, int maxLabelNameLength,
                               int maxLabelValueLength, long maxGroups, long maxSeries, double pushesPerSecond,
                               int pushesBurst) {

    public static final PushLimitsConfig DEFAULTS = new PushLimitsConfig(16L << 20, 100_000, 128, 1024, 16 * 1024,
            1_000_000, 10_000_000, 0, 0);

    public PushLimitsConfig {
        positive("max_body_bytes", maxBodyBytes);
        positive("max_series_per_push", maxSeriesPerPush);
        positive("max_labels_per_series", maxLabelsPerSeries);
        positive("max_label_name_length", maxLabelNameLength);
        positive("max_label_value_length", maxLabelValueLength);
        positive("max_groups", maxGroups);
        positive("max_series", maxSeries);
        if (!(pushesPerSecond >= 0) || Double.isInfinite(pushesPerSecond)) {
            throw new IllegalArgumentException("max_pushes_per_second must be 0 (no limit) or a positive number");
        }
        if (pushesBurst < 0) {
            throw new IllegalArgumentException("burst must not be negative");
        }
    }

    /** Whether pushes are rate-limited at all. */
    public boolean rateLimited() {
        return pushesPerSecond > 0;
    }

    /** The burst in effect: as configured, or one second's worth of pushes (at least one). */
    public int effectiveBurst() {
        return pushesBurst > 0 ? pushesBurst : (int) Math.max(1, Math.ceil(pushesPerSecond));
    }

    public PushLimitsConfig withMaxBodyBytes(long bytes) {
        return new PushLimitsConfig(bytes, maxSeriesPerPush, maxLabelsPerSeries, maxLabelNameLength, maxLabelValueLength,
                maxGroups, maxSeries, pushesPerSecond, pushesBurst);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }
}
