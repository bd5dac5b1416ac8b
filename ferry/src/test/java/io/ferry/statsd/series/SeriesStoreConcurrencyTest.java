package io.ferry.statsd.series;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.statsd.series.SeriesStore.Outcome;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Many writers at once, beside rendering and expiry; and the update path's allocation contract. */
class SeriesStoreConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int UPDATES = 40_000;
    private static final int SERIES = 500;

    @Test
    void losesNoUpdateUnderConcurrentWritersRenderingAndExpiry() throws Exception {
        SeriesStore store = new SeriesStore(Clock.systemUTC(), 0);
        Labels[] labels = new Labels[SERIES];
        for (int i = 0; i < SERIES; i++) {
            labels[i] = Labels.of("host", "h" + i, "code", i % 2 == 0 ? "200" : "500");
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicBoolean done = new AtomicBoolean();
        try {
            Future<Integer> reader = pool.submit(() -> {
                int renders = 0;
                while (!done.get()) {
                    List<MetricFamily> families = store.families();
                    assertThat(families.size()).isLessThanOrEqualTo(3);
                    store.expire(); // ttl 0 and a long ttl: nothing goes
                    renders++;
                }
                return renders;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int seed = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < UPDATES; i++) {
                        Labels l = labels[(i * 7 + seed) % SERIES];
                        assertThat(store.counter("requests", null, l, 1, 0)).isEqualTo(Outcome.OK);
                        assertThat(store.histogram("latency", null, l, (i % 100) / 100.0, 2, HistogramOptions.DEFAULT,
                                3_600_000)).isEqualTo(Outcome.OK);
                        store.gauge("depth", null, l, 1, true, 0);
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
            done.set(true);
            assertThat(reader.get(120, TimeUnit.SECONDS)).isPositive();
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        double counted = 0;
        double observed = 0;
        double depth = 0;
        for (MetricFamily f : store.families()) {
            assertThat(f.metrics()).hasSize(SERIES);
            for (Metric m : f.metrics()) {
                switch (f.name()) {
                    case "requests" -> counted += ((ValueMetric) m).value();
                    case "latency" -> observed += ((HistogramMetric) m).count();
                    case "depth" -> depth += ((ValueMetric) m).value();
                    default -> throw new AssertionError(f.name());
                }
            }
        }
        assertThat(counted).isEqualTo(WRITERS * UPDATES);
        assertThat(observed).isEqualTo(2.0 * WRITERS * UPDATES);
        assertThat(depth).isEqualTo(WRITERS * UPDATES);
        assertThat(store.seriesCount()).isEqualTo(3L * SERIES);
    }

    /**
     * Series and whole names expire while writers bring them back: the count of series stays the
     * number rendered, and once everything has expired the store is empty and usable.
     */
    @Test
    void staysConsistentWhileSeriesAndNamesExpireUnderWriters() throws Exception {
        io.ferry.testing.SettableClock clock = new io.ferry.testing.SettableClock(java.time.Instant.ofEpochSecond(0));
        SeriesStore store = new SeriesStore(clock, 0);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicBoolean done = new AtomicBoolean();
        try {
            Future<?> expirer = pool.submit(() -> {
                while (!done.get()) {
                    clock.advance(java.time.Duration.ofMillis(3));
                    store.expire();
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int seed = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < UPDATES / 4; i++) {
                        String name = "n" + ((i + seed) % 20);
                        Labels l = Labels.of("k", "" + (i % 50));
                        store.counter(name, null, l, 1, 2);
                        store.summary(name + "_s", null, l, i, 1, SummaryOptions.DEFAULT, 2);
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
            done.set(true);
            expirer.get(120, TimeUnit.SECONDS);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        long rendered = store.families().stream().mapToLong(f -> f.metrics().size()).sum();
        assertThat(store.seriesCount()).isEqualTo(rendered);
        clock.advance(java.time.Duration.ofSeconds(1));
        store.expire();
        assertThat(store.families()).isEmpty();
        assertThat(store.seriesCount()).isZero();
        assertThat(store.counter("n1", null, Labels.EMPTY, 1, 0)).isEqualTo(Outcome.OK);
        assertThat(store.families()).hasSize(1);
    }

    /**
     * Updating an existing counter, gauge or histogram (with native buckets) allocates nothing but
     * this thread's key buffer, made once. Counts bytes, not time.
     */
    @Test
    void updatingAnExistingSeriesAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SeriesStore store = new SeriesStore(Clock.systemUTC(), 0);
        Labels l = Labels.of("host", "web-01.example.org", "method", "GET", "status", "200");
        HistogramOptions o = new HistogramOptions(null, 1.1, 160);
        Runnable updates = () -> {
            store.counter("http_requests", null, l, 1, 60_000);
            store.gauge("queue_depth", null, l, 3, true, 0);
            store.histogram("http_latency", null, l, 0.125, 1, o, 60_000);
        };
        for (int i = 0; i < 20_000; i++) {
            updates.run(); // warm up, and create the series
        }
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            updates.run();
        }
        long perRound = (threads.getThreadAllocatedBytes(tid) - before) / 10_000;
        assertThat(perRound).as("bytes allocated per three updates").isLessThan(8);
    }

    /**
     * A summary's updates allocate nothing either once its buffer and windows have grown: merges
     * run in a buffer of the thread. Sampled over many flushes and a few window rotations.
     */
    @Test
    void updatingAnExistingSummaryAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        io.ferry.testing.SettableClock clock = new io.ferry.testing.SettableClock(java.time.Instant.ofEpochSecond(0));
        SeriesStore store = new SeriesStore(clock, 0);
        Labels l = Labels.of("host", "web-01.example.org");
        SummaryOptions o = new SummaryOptions(SummaryOptions.DEFAULT.objectives(), java.time.Duration.ofSeconds(10), 5, 100);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 200_000; i++) {
            store.summary("latency", null, l, r.nextDouble(), 1, o, 0);
            if (i % 10_000 == 0) {
                clock.advance(java.time.Duration.ofSeconds(1));
            }
        }
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            store.summary("latency", null, l, r.nextDouble(), 1, o, 0);
            if (i % 10_000 == 0) {
                clock.advance(java.time.Duration.ofSeconds(1));
            }
        }
        long total = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(total / 100_000).as("bytes allocated per update, %d in all", total).isLessThan(8);
    }
}
