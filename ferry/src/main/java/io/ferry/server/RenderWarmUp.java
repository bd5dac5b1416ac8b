package io.ferry.server;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.liveness.LivenessRules;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.PushLiveness;
import io.ferry.log.Log;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.push.PushedFamilies;
import io.ferry.state.Group;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Compiles the path of {@code GET /metrics} before the first scrape needs it, on made-up groups
 * that no one sees, and throws the bodies away. The server runs it before it reports ready, once per
 * process. Two kinds of rounds, since the JIT compiles a method after enough calls, or a loop after
 * enough turns, and the path has both:
 * <ul>
 *   <li>{@value #SMALL_ROUNDS} small rounds of {@value #SMALL_GROUPS} groups, each round pushed anew:
 *       what runs once a scrape (a push liveness of its own reporting the groups to a producer registry
 *       of its own and judging them, the merge's passes over the groups, each writer's per-family code),
 *       which a real server would otherwise run interpreted for its first hundreds of scrapes: at 1,000
 *       groups that cost the first scrape after a bulk load about 15 ms;</li>
 *   <li>{@value #PASSES} large passes of {@value #GROUPS} groups of {@value #FAMILIES} families of
 *       {@value #SERIES} series, in both text formats, plain and gzipped: what runs once a series, with
 *       Ferry's own families beside the groups so that the compiled code has seen every kind of series
 *       a real scrape renders (histograms among them).</li>
 * </ul>
 *
 * <p>Why: the first scrape of a large store renders every series once, and while the JIT has not
 * compiled the path that pass runs several times slower (at 100,000 series about 100 ms against 25).
 * The ahead-of-time cache does not help there: it holds profiles, not compiled code. Run beside the
 * first pushes instead, the warm-up slowed them as much as it saved the scrape.
 */
final class RenderWarmUp {
    private static final int SMALL_ROUNDS = 300;
    private static final int SMALL_GROUPS = 8;
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
     * @param own Ferry's own families, served beside the made-up groups
     */
    static void runOnce(Supplier<List<MetricFamily>> own) {
        if (RAN.compareAndSet(false, true)) {
            run(own);
        }
    }

    private static void run(Supplier<List<MetricFamily>> own) {
        try {
            List<MetricFamily> ownNow = own.get();
            ProducerRegistry producers = new ProducerRegistry(Clock.systemUTC());
            AtomicReference<List<Group>> groups = new AtomicReference<>(List.of());
            PushLiveness liveness = new PushLiveness("up", () -> LivenessRules.NONE, producers, groups::get);
            PushedFamilies pushed = new PushedFamilies();
            AtomicReference<List<MetricFamily>> served = new AtomicReference<>(List.of());
            MetricsBody small = new MetricsBody(served::get, false);
            for (int round = 0; round < SMALL_ROUNDS; round++) {
                if (round % 2 == 0) { // pushed anew; every other round a scrape of the same groups
                    groups.set(madeUpGroups(SMALL_GROUPS, 2, 2, round));
                }
                // As ServedMetrics collects: the liveness and producers' families among the own ones.
                List<MetricFamily> withLiveness = new ArrayList<>(ownNow);
                withLiveness.addAll(liveness.families());
                withLiveness.addAll(producers.families());
                served.set(pushed.families(groups.get(), withLiveness));
                small.render(new MetricsBody.Choice(ExpositionFormat.PROMETHEUS_TEXT, round % 10 == 0), RenderWarmUp::discard);
            }
            List<Group> large = madeUpGroups(GROUPS, FAMILIES, SERIES, 0);
            for (int pass = 0; pass < PASSES; pass++) {
                // A body of its own each pass: nothing remembered, so every pass merges and renders it all.
                MetricsBody body = new MetricsBody(() -> PushedFamilies.collect(large, own.get()), true);
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

    /** Groups as a fleet of batch jobs pushes them: the same family names, one instance each; values by {@code round}. */
    private static List<Group> madeUpGroups(int count, int familyCount, int seriesCount, int round) {
        List<Group> groups = new ArrayList<>(count);
        for (int g = 0; g < count; g++) {
            String instance = "warm-up-" + g;
            List<MetricFamily> families = new ArrayList<>(familyCount);
            for (int f = 0; f < familyCount; f++) {
                List<Metric> series = new ArrayList<>(seriesCount);
                for (int k = 0; k < seriesCount; k++) {
                    series.add(ValueMetric.of(Labels.of("instance", instance, "job", "warm_up", "kind", "k" + k),
                            g * 1000.5 + f * 10 + k + round));
                }
                families.add(new MetricFamily("warm_up_" + f + (f % 2 == 0 ? "_total" : ""),
                        f % 2 == 0 ? MetricType.COUNTER : MetricType.GAUGE, "Made up.", null, series));
            }
            groups.add(new Group(Labels.of("instance", instance, "job", "warm_up"), families, 1.7e9 + round, 0));
        }
        return groups;
    }
}
