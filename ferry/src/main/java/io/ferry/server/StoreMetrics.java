package io.ferry.server;

import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.model.Labels;
import io.ferry.state.DurableGroupStore;
import io.ferry.state.GroupStore;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Histogram;
import io.ferry.telemetry.Registry;

import java.util.List;

/**
 * The push store's own metrics: how many groups it holds, its group commits (how many, how many
 * mutations each carried, and how long the log force took), which say what durability costs, and
 * the times writing the log failed and the store recovered.
 */
final class StoreMetrics {
    private static final double[] FORCE_BUCKETS = {.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1};

    private StoreMetrics() {
    }

    static void register(Registry registry, DurableGroupStore store) {
        Counter.Child commits = registry.counter("ferry_push_log_commits_total",
                "Group commits of the push log: one append and, with storage.fsync, one force each.").labels();
        Counter.Child mutations = registry.counter("ferry_push_log_mutations_total",
                "Changes written to the push log (pushes, deletes, failures); divided by commits, the batch size.")
                .labels();
        Counter.Child bytes = registry.counter("ferry_push_log_bytes_total", "Bytes appended to the push log.").labels();
        Histogram.Child force = registry.histogram("ferry_push_log_force_duration_seconds",
                "How long forcing the push log to disk took, per group commit.", FORCE_BUCKETS).labels();
        store.observeCommits((n, size, forceNanos) -> {
            commits.inc();
            mutations.inc(n);
            bytes.inc(size);
            if (forceNanos > 0) {
                force.observe(forceNanos / 1e9);
            }
        });
        registry.register(() -> List.of(groups(store),
                counter("ferry_push_log_write_failures_total", "Times writing the push log failed (a full or "
                        + "read-only disk): pushes are refused with 503 and /-/ready fails until the store recovers.",
                        store.writeFailures()),
                counter("ferry_push_log_recoveries_total", "Times the push store took writes again after a failed "
                        + "write, once the log could be written (retried every 1 s, doubling to 30 s).",
                        store.recoveries())));
    }

    private static MetricFamily counter(String name, String help, long value) {
        return new MetricFamily(name, MetricType.COUNTER, help, null, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }

    private static MetricFamily groups(GroupStore store) {
        return new MetricFamily("ferry_push_groups", MetricType.GAUGE, "Push groups stored.", null,
                List.of(ValueMetric.of(Labels.EMPTY, store.groups().size())));
    }
}
