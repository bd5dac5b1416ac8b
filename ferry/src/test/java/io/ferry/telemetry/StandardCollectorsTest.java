package io.ferry.telemetry;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class StandardCollectorsTest {

    private static Map<String, MetricFamily> byName(List<MetricFamily> families) {
        return families.stream().collect(Collectors.toMap(MetricFamily::name, Function.identity()));
    }

    private static double value(MetricFamily f) {
        return ((ValueMetric) f.metrics().getFirst()).value();
    }

    @Test
    void buildInfoCarriesTheFilteredVersion() {
        assertThat(BuildInfo.version()).isNotBlank().doesNotStartWith("${");
        MetricFamily f = BuildInfo.collector().collect().getFirst();
        assertThat(f.name()).isEqualTo("ferry_build_info");
        assertThat(f.metrics()).containsExactly(ValueMetric.of(Labels.of("version", BuildInfo.version()), 1));
    }

    @Test
    void processMetricsFromProc(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmSize:\t  2048 kB\nVmRSS:\t   512 kB\n");
        Map<String, MetricFamily> m = byName(new ProcessCollector(status).collect());
        assertThat(value(m.get("process_virtual_memory_bytes"))).isEqualTo(2048 * 1024.0);
        assertThat(value(m.get("process_resident_memory_bytes"))).isEqualTo(512 * 1024.0);
        assertThat(value(m.get("process_start_time_seconds"))).isGreaterThan(1.7e9);
        assertThat(m.get("process_cpu_seconds_total").type()).isEqualTo(MetricType.COUNTER);
        assertThat(value(m.get("process_open_fds"))).isPositive();
        assertThat(value(m.get("process_max_fds"))).isGreaterThanOrEqualTo(value(m.get("process_open_fds")));
    }

    @Test
    void processMetricsSkipMemoryWithoutProc(@TempDir Path dir) {
        Map<String, MetricFamily> m = byName(new ProcessCollector(dir.resolve("absent")).collect());
        assertThat(m).doesNotContainKeys("process_virtual_memory_bytes", "process_resident_memory_bytes");
        assertThat(m).containsKey("process_start_time_seconds");
    }

    @Test
    void realProcOnLinux() {
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            return; // Other platforms have no /proc; the skip is covered above.
        }
        Map<String, MetricFamily> m = byName(new ProcessCollector().collect());
        assertThat(value(m.get("process_resident_memory_bytes"))).isGreaterThan(1 << 20);
    }

    @Test
    void jvmBasics() {
        Map<String, MetricFamily> m = byName(new JvmCollector().collect());
        assertThat(m.get("jvm_memory_used_bytes").metrics()).extracting(x -> x.labels().get("area"))
                .containsExactly("heap", "nonheap");
        assertThat(value(m.get("jvm_threads_current"))).isPositive();
        assertThat(m.get("jvm_gc_collection_seconds").type()).isEqualTo(MetricType.SUMMARY);
        assertThat(m.get("jvm_gc_collection_seconds").metrics()).allSatisfy(x -> assertThat(((SummaryMetric) x).hasCount()).isTrue());
        assertThat(m.get("jvm_info").metrics().getFirst().labels().get("version")).isEqualTo(System.getProperty("java.runtime.version"));
    }
}
