package io.ferry.server.ui;

import io.ferry.exposition.GoFloat;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;

import java.util.List;

/**
 * A table of Ferry's own counters and gauges of one component (the families named with a prefix,
 * {@code ferry_statsd_}), as {@code /metrics} serves them: what a listener received and refused.
 * Stateless.
 */
final class Counters {
    private Counters() {
    }

    static void table(Html h, List<MetricFamily> own, String prefix) {
        h.open("table", "class", "counters", "data-prefix", prefix).nl().open("tr").element("th", "Metric")
                .element("th", "Labels").element("th", "Value", "class", "num").close("tr").nl();
        for (MetricFamily f : own) {
            if (!f.name().startsWith(prefix)) {
                continue;
            }
            for (Metric m : f.metrics()) {
                if (m instanceof ValueMetric v) {
                    h.open("tr").element("td", f.name(), "class", "mono", "title", f.help())
                            .element("td", Text.labels(v.labels()), "class", "labels")
                            .element("td", GoFloat.format(v.value()), "class", "num").close("tr").nl();
                }
            }
        }
        h.close("table").nl();
    }
}
