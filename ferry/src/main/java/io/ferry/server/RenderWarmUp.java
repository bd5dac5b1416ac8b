package io.ferry.server;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.log.Log;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.push.PushedFamilies;
import io.ferry.state.Group;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Compiles the path of {@code GET /metrics} before the first scrape needs it: merges and renders a
 * made-up store of {@value #GROUPS} groups of {@value #FAMILIES} families of {@value #SERIES} series
 * a few times, in both text formats, plain and gzipped, and throws the bodies away. The server runs
 * it before it reports ready, once per process.
 *
 * <p>Why: the first scrape of a large store renders every series once, and while the JIT has not
 * compiled the render path that pass runs several times slower (at 100,000 series about 100 ms
 * against 25). The ahead-of-time cache does not help there: it holds profiles, not compiled code.
 * The warm-up costs about a quarter of a second of CPU and a third of a second before the server
 * is ready. Run beside the first pushes instead, it slowed them as much as it saved the scrape.
 */
final class RenderWarmUp {
    private static final int GROUPS = 200;
    private static final int FAMILIES = 10;
    private static final int SERIES = 10;
    private static final int PASSES = 4;
    private static final AtomicBoolean RAN = new AtomicBoolean();

    private RenderWarmUp() {
    }

    /**
     * Runs the warm-up, unless this process ran it already; never throws.
     *
     * @param own Ferry's own families, served beside the made-up groups so that the compiled code
     *            knows every kind of series a real scrape renders (histograms among them)
     */
    static void runOnce(Supplier<List<MetricFamily>> own) {
        if (RAN.compareAndSet(false, true)) {
            run(own);
        }
    }

    private static void run(Supplier<List<MetricFamily>> own) {
        try {
            List<Group> groups = madeUpGroups();
            for (int pass = 0; pass < PASSES; pass++) {
                // A body of its own each pass: nothing remembered, so every pass merges and renders it all.
                MetricsBody body = new MetricsBody(() -> PushedFamilies.collect(groups, own.get()), true);
                // The text formats: protobuf is asked for only where native histograms are scraped.
                for (ExpositionFormat format : List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS)) {
                    body.render(new MetricsBody.Choice(format, false), RenderWarmUp::discard);
                    body.render(new MetricsBody.Choice(format, true), RenderWarmUp::discard);
                }
            }
        } catch (IOException | RuntimeException e) {
            Log.logger().debug("the warm-up of /metrics failed; the first scrapes compile it instead", "error", e);
        }
    }

    private static void discard(byte[] bytes, int offset, int length) {
    }

    /** Groups as a fleet of batch jobs pushes them: the same family names, one instance each. */
    private static List<Group> madeUpGroups() {
        List<Group> groups = new ArrayList<>(GROUPS);
        for (int g = 0; g < GROUPS; g++) {
            String instance = "warm-up-" + g;
            List<MetricFamily> families = new ArrayList<>(FAMILIES);
            for (int f = 0; f < FAMILIES; f++) {
                List<Metric> series = new ArrayList<>(SERIES);
                for (int k = 0; k < SERIES; k++) {
                    series.add(ValueMetric.of(Labels.of("instance", instance, "job", "warm_up", "kind", "k" + k),
                            g * 1000.5 + f * 10 + k));
                }
                families.add(new MetricFamily("warm_up_" + f + (f % 2 == 0 ? "_total" : ""),
                        f % 2 == 0 ? MetricType.COUNTER : MetricType.GAUGE, "Made up.", null, series));
            }
            groups.add(new Group(Labels.of("instance", instance, "job", "warm_up"), families, 1.7e9, 0));
        }
        return groups;
    }
}
