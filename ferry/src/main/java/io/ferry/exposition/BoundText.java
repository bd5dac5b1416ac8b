package io.ferry.exposition;

import io.ferry.exposition.internal.FloatFormat;
import io.ferry.wire.ByteSink;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code le} and {@code quantile} label values a scraper gives bucket and quantile series:
 * OpenMetrics' canonical rendering ({@code 1.0}, {@code 0.25}, {@code 1e+06}, {@code +Inf}), which
 * Prometheus 3 also uses for text 0.0.4, so a series' labels do not depend on the format a target
 * chose.
 */
public final class BoundText {
    private BoundText() {
    }

    /** Bounds repeat across every histogram of a fleet; one string each saves a copy per bucket series. */
    private static final int CACHED = 4096;
    private static final ConcurrentHashMap<Double, String> CACHE = new ConcurrentHashMap<>();

    public static String of(double bound) {
        String s = CACHE.get(bound);
        if (s != null) {
            return s;
        }
        ByteSink out = new ByteSink(24);
        FloatFormat.writeCanonical(out, bound);
        s = new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
        if (CACHE.size() < CACHED) {
            CACHE.putIfAbsent(bound, s);
        }
        return s;
    }
}
