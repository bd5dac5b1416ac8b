package io.ferry.exposition;

import io.ferry.exposition.internal.FloatFormat;
import io.ferry.wire.ByteSink;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code le} and {@code quantile} label values a scraper gives bucket and quantile series:
 * OpenMetrics' canonical rendering ({@code 1.0}, {@code 0.25}, {@code 1e+06}, {@code +Inf}), which
 * Prometheus 3 also uses for text 0.0.4, so a series' labels do not depend on the format a target
 * chose; or ({@link #goForm}) Go's shortest form ({@code 1}, {@code 0.25}, {@code 1e+06}), which
 * client_golang, the Pushgateway and Ferry write in text 0.0.4 and Prometheus 2 stores from it.
 *
 * <pre>{@code
 * BoundText.of(1);      // "1.0"
 * BoundText.goForm(1);  // "1"
 * }</pre>
 */
public final class BoundText {
    private BoundText() {
    }

    /** Bounds repeat across every histogram of a fleet; one string each saves a copy per bucket series. */
    private static final int CACHED = 4096;
    private static final ConcurrentHashMap<Double, String> CANONICAL = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Double, String> GO = new ConcurrentHashMap<>();

    /** OpenMetrics' canonical form, as Prometheus 3 stores {@code le} and {@code quantile}. */
    public static String of(double bound) {
        return cached(CANONICAL, bound, true);
    }

    /** Go's shortest form, as text 0.0.4 writers write {@code le} and {@code quantile}. */
    public static String goForm(double bound) {
        return cached(GO, bound, false);
    }

    private static String cached(ConcurrentHashMap<Double, String> cache, double bound, boolean canonical) {
        String s = cache.get(bound);
        if (s != null) {
            return s;
        }
        ByteSink out = new ByteSink(24);
        if (canonical) {
            FloatFormat.writeCanonical(out, bound);
        } else {
            FloatFormat.writeBound(out, bound);
        }
        s = new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
        if (cache.size() < CACHED) {
            cache.putIfAbsent(bound, s);
        }
        return s;
    }
}
