package io.ferry.telemetry;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricNames;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** The labelled series of one instrument: label values to child, created on first use. Thread-safe. */
final class Children<C> {
    private final String[] labelNames;
    private final Supplier<C> factory;
    private final Map<List<String>, C> children = new ConcurrentHashMap<>();

    Children(String name, String[] labelNames, Supplier<C> factory) {
        MetricNames.checkMetricName(name);
        for (String l : labelNames) {
            MetricNames.checkLabelName(l);
        }
        this.labelNames = labelNames.clone();
        this.factory = factory;
        if (labelNames.length == 0) {
            // An unlabelled instrument has exactly one series, present (at zero) from the start.
            children.put(List.of(), factory.get());
        }
    }

    C get(String... values) {
        if (values.length != labelNames.length) {
            throw new IllegalArgumentException("expected " + labelNames.length + " label values " + List.of(labelNames)
                    + ", got " + values.length);
        }
        return children.computeIfAbsent(List.of(values), k -> factory.get());
    }

    /** One metric per child, ordered by label values as exposition writers expect. */
    List<Metric> collect(BiFunction<Labels, C, Metric> toMetric) {
        List<Metric> out = new ArrayList<>(children.size());
        children.forEach((values, child) -> out.add(toMetric.apply(labels(values), child)));
        out.sort(Comparator.comparing(Metric::labels));
        return out;
    }

    private Labels labels(List<String> values) {
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < labelNames.length; i++) {
            b.add(labelNames[i], values.get(i));
        }
        return b.build();
    }
}
