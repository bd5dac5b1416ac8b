package io.ferry.bench.statsd;

import io.ferry.model.Labels;
import io.ferry.statsd.series.HistogramOptions;
import io.ferry.statsd.series.SeriesStore;
import io.ferry.statsd.series.SummaryOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Retained heap per StatsD series: fills a {@link SeriesStore} with counters, histograms, native
 * histograms and summaries of realistic label sets, forces collections and reads the used heap
 * before and after each fill. Then times updates of existing counters from two threads.
 *
 * <pre>{@code
 * java -Xms3g -Xmx3g -XX:+UseParallelGC -cp bench/target/benchmarks.jar io.ferry.bench.statsd.SeriesMemory
 * java ... io.ferry.bench.statsd.SeriesMemory 200000 20000 2000   # counters, histograms, summaries
 * }</pre>
 *
 * <p>Labels: {@code host} (1,000 values {@code web-0001.dc1.example.com}...), {@code endpoint}
 * (100 values {@code /api/v1/resource/17}...) and {@code status} (10 values), three labels as
 * StatsD tags usually carry. Unmapped StatsD names each make a family of their own, so one fill gives
 * every counter its own name too. Each store holds one kind; every store is kept reachable until its
 * measurement ends. A histogram series gets 5 observations (default 11 buckets); a native one 20
 * observations across 6 decades (factor 1.1, at most 160 buckets); a summary series 1,000
 * observations (statsd_exporter's default objectives, 10m in 5 windows, buffer 500).
 */
public final class SeriesMemory {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final String[] STATUS = {"200", "201", "204", "301", "304", "400", "401", "404", "500", "503"};

    private SeriesMemory() {
    }

    public static void main(String[] args) throws Exception {
        int counters = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int histograms = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int summaries = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        System.out.printf("JVM %s, max heap %d MiB, GC %s%n", Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName());

        measure("counter", counters, (store, i) -> store.counter("http_requests", null, labels(i), 1, 0));
        measure("counter, a name of its own each", histograms,
                (store, i) -> store.counter("app_" + i + "_requests", null, labels(i), 1, 0));
        measure("histogram (11 buckets)", histograms, (store, i) -> {
            for (int k = 0; k < 5; k++) {
                store.histogram("http_latency_seconds", null, labels(i), 0.003 * (k + 1) * (i % 7 + 1), 1,
                        HistogramOptions.DEFAULT, 0);
            }
        });
        HistogramOptions both = new HistogramOptions(HistogramOptions.defaultBuckets(), 1.1, 160);
        measure("histogram (11 buckets + native)", histograms, (store, i) -> {
            for (int k = 0; k < 20; k++) {
                store.histogram("http_latency_seconds", null, labels(i), Math.pow(10, -4 + k * 0.3) * (1 + i % 5), 1,
                        both, 0);
            }
        });
        measure("summary (1,000 observations)", summaries, (store, i) -> {
            for (int k = 0; k < 1_000; k++) {
                store.summary("http_latency_summary", null, labels(i), ((k * 7919L + i) % 1000) / 1000.0, 1,
                        SummaryOptions.DEFAULT, 0);
            }
        });
        updateRate(Math.min(counters, 100_000));
    }

    /** One label set per index, distinct up to 1,000,000. */
    static Labels labels(int i) {
        return Labels.of("host", String.format(Locale.ROOT, "web-%04d.dc1.example.com", i % 1000),
                "endpoint", "/api/v1/resource/" + (i / 1000) % 100,
                "status", STATUS[(i / 100_000) % 10]);
    }

    interface Fill {
        void apply(SeriesStore store, int i);
    }

    private static void measure(String what, int series, Fill fill) throws InterruptedException {
        long before = usedAfterGc();
        SeriesStore store = new SeriesStore(Clock.systemUTC(), 0);
        long t0 = System.nanoTime();
        for (int i = 0; i < series; i++) {
            fill.apply(store, i);
        }
        long fillMs = (System.nanoTime() - t0) / 1_000_000;
        long after = usedAfterGc();
        if (store.seriesCount() != series) {
            throw new IllegalStateException("expected " + series + " series, have " + store.seriesCount());
        }
        System.out.printf(Locale.ROOT, "%-34s %,10d series  %,14d bytes  %,8.1f bytes/series  (fill %,d ms)%n",
                what, series, after - before, (after - before) / (double) series, fillMs);
        Reference.reachabilityFence(store);
    }

    /** Two threads updating existing counters, each its own half of the series. */
    private static void updateRate(int series) throws Exception {
        SeriesStore store = new SeriesStore(Clock.systemUTC(), 0);
        Labels[] labels = new Labels[series];
        for (int i = 0; i < series; i++) {
            labels[i] = labels(i);
            store.counter("http_requests", null, labels[i], 1, 60_000);
        }
        int perThread = 10_000_000;
        IntFunction<Thread> worker = seed -> new Thread(() -> {
            for (int i = 0; i < perThread; i++) {
                store.counter("http_requests", null, labels[(i * 31 + seed) % series], 1, 60_000);
            }
        });
        for (int round = 0; round < 2; round++) { // the first round warms up
            Thread a = worker.apply(0);
            Thread b = worker.apply(series / 2);
            long t0 = System.nanoTime();
            a.start();
            b.start();
            a.join();
            b.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "update rate, 2 threads, %,d existing counters, round %d: %,.0f updates/s%n",
                    series, round + 1, 2.0 * perThread / seconds);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
