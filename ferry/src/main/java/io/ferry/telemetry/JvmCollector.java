package io.ferry.telemetry;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * JVM basics, named as Prometheus' Java client names them so existing dashboards work:
 * {@code jvm_memory_*_bytes{area}}, {@code jvm_threads_*}, {@code jvm_gc_collection_seconds{gc}}
 * (a summary with count and sum only) and {@code jvm_info}.
 */
public final class JvmCollector implements Collector {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final MetricFamily info = Families.of("jvm_info", MetricType.GAUGE, "VM version info.",
            List.of(ValueMetric.of(Labels.of(
                    "runtime", System.getProperty("java.runtime.name", ""),
                    "vendor", System.getProperty("java.vm.vendor", ""),
                    "version", System.getProperty("java.runtime.version", "")), 1)));

    @Override
    public List<MetricFamily> collect() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        List<MetricFamily> out = new ArrayList<>(8);
        out.add(areas("jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", heap.getUsed(), nonHeap.getUsed()));
        out.add(areas("jvm_memory_committed_bytes", "Committed bytes of a given JVM memory area.",
                heap.getCommitted(), nonHeap.getCommitted()));
        out.add(areas("jvm_memory_max_bytes", "Max bytes of a given JVM memory area, where defined.",
                heap.getMax(), nonHeap.getMax()));
        out.add(Families.gauge("jvm_threads_current", "Current thread count of the JVM.", threads.getThreadCount()));
        out.add(Families.gauge("jvm_threads_daemon", "Daemon thread count of the JVM.", threads.getDaemonThreadCount()));
        out.add(gc());
        out.add(info);
        return out;
    }

    /** A gauge with {@code area="heap"} and {@code area="nonheap"}; an undefined (negative) value is left out. */
    private static MetricFamily areas(String name, String help, long heap, long nonHeap) {
        List<Metric> metrics = new ArrayList<>(2);
        if (heap >= 0) {
            metrics.add(ValueMetric.of(Labels.of("area", "heap"), heap));
        }
        if (nonHeap >= 0) {
            metrics.add(ValueMetric.of(Labels.of("area", "nonheap"), nonHeap));
        }
        return Families.of(name, MetricType.GAUGE, help, metrics);
    }

    private static MetricFamily gc() {
        List<Metric> metrics = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            long count = gc.getCollectionCount();
            long millis = gc.getCollectionTime();
            if (count < 0 || millis < 0) {
                continue;
            }
            metrics.add(new SummaryMetric(Labels.of("gc", gc.getName()), new double[0], new double[0],
                    millis / 1000.0, count, Metric.NO_TIMESTAMP, Double.NaN));
        }
        metrics.sort(java.util.Comparator.comparing(Metric::labels));
        return Families.of("jvm_gc_collection_seconds", MetricType.SUMMARY,
                "Time spent in a given JVM garbage collector in seconds.", metrics);
    }
}
