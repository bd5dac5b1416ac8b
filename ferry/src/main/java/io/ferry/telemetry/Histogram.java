package io.ferry.telemetry;

import io.ferry.model.HistogramMetric;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A classic histogram with fixed buckets, with or without labels.
 *
 * <pre>{@code
 * Histogram latency = registry.histogram("ferry_http_request_duration_seconds", "Request latency.",
 *         Histogram.DEFAULT_BUCKETS, "handler");
 * latency.labels("push").observe(0.012);
 * }</pre>
 *
 * <p>Thread-safe and lock-free. Each observation lands in one bucket counter; the cumulative
 * counts and the total count are computed at collection from the same counters, so {@code +Inf}
 * always equals {@code _count} (the sum may lag by an in-flight observation).
 */
public final class Histogram implements Collector {
    /** Prometheus' default buckets, suited to request latencies in seconds. */
    public static final double[] DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    private final String name;
    private final String help;
    private final double[] bounds;
    private final Children<Child> children;

    Histogram(String name, String help, double[] buckets, String... labelNames) {
        if (Arrays.asList(labelNames).contains("le")) {
            throw new IllegalArgumentException("le is reserved for histogram buckets");
        }
        for (int i = 0; i < buckets.length; i++) {
            if (!Double.isFinite(buckets[i]) || i > 0 && buckets[i] <= buckets[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must be finite and increasing: " + Arrays.toString(buckets));
            }
        }
        this.name = name;
        this.help = help;
        this.bounds = Arrays.copyOf(buckets, buckets.length + 1);
        this.bounds[buckets.length] = Double.POSITIVE_INFINITY;
        this.children = new Children<>(name, labelNames, () -> new Child(bounds));
    }

    public Child labels(String... values) {
        return children.get(values);
    }

    /** Records one observation on a histogram without labels. */
    public void observe(double value) {
        labels().observe(value);
    }

    @Override
    public List<MetricFamily> collect() {
        List<Metric> metrics = children.collect((labels, child) -> child.snapshot(labels));
        return List.of(new MetricFamily(name, MetricType.HISTOGRAM, help, null, metrics));
    }

    /** One labelled series of a histogram. */
    public static final class Child {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final DoubleAdder sum = new DoubleAdder();

        private Child(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        public void observe(double value) {
            int i = 0;
            // Few buckets: a linear scan beats a binary search, and NaN falls through to +Inf.
            while (i < bounds.length - 1 && !(value <= bounds[i])) {
                i++;
            }
            counts[i].increment();
            sum.add(value);
        }

        private HistogramMetric snapshot(io.ferry.model.Labels labels) {
            double[] cumulative = new double[bounds.length];
            long running = 0;
            for (int i = 0; i < bounds.length; i++) {
                running += counts[i].sum();
                cumulative[i] = running;
            }
            return HistogramMetric.of(labels, bounds.clone(), cumulative, sum.sum(), running);
        }
    }
}
