package io.ferry.telemetry;

import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A monotonic counter, with or without labels.
 *
 * <pre>{@code
 * Counter requests = registry.counter("ferry_http_requests_total", "HTTP requests.", "handler", "code");
 * requests.labels("push", "200").inc();
 * }</pre>
 *
 * <p>Thread-safe; increments are lock-free. A counter without labels reports 0 from the start; a
 * labelled one reports a series once it has been used.
 */
public final class Counter implements Collector {
    private final String name;
    private final String help;
    private final Children<Child> children;

    Counter(String name, String help, String... labelNames) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter name must end in _total: " + name);
        }
        this.name = name;
        this.help = help;
        this.children = new Children<>(name, labelNames, Child::new);
    }

    /** The series with these label values, in the order the label names were given. */
    public Child labels(String... values) {
        return children.get(values);
    }

    /** Adds one to a counter without labels. */
    public void inc() {
        labels().inc();
    }

    @Override
    public List<MetricFamily> collect() {
        List<Metric> metrics = children.collect((labels, child) -> ValueMetric.of(labels, child.value()));
        return List.of(new MetricFamily(name, MetricType.COUNTER, help, null, metrics));
    }

    /** One labelled series of a counter. */
    public static final class Child {
        private final DoubleAdder value = new DoubleAdder();

        public void inc() {
            value.add(1);
        }

        /** Adds {@code amount}, which must not be negative: counters only go up. */
        public void inc(double amount) {
            if (!(amount >= 0)) {
                throw new IllegalArgumentException("counters only increase; got " + amount);
            }
            value.add(amount);
        }

        public double value() {
            return value.sum();
        }
    }
}
