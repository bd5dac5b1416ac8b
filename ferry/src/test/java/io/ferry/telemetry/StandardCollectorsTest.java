package io.ferry.telemetry;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        Path statm = dir.resolve("statm");
        Files.writeString(statm, "512 128 30 1 0 200 0\n");
        Map<String, MetricFamily> m = byName(new ProcessCollector(statm, 16384).collect());
        assertThat(value(m.get("process_virtual_memory_bytes"))).isEqualTo(512 * 16384.0);
        assertThat(value(m.get("process_resident_memory_bytes"))).isEqualTo(128 * 16384.0);
        assertThat(value(m.get("process_start_time_seconds"))).isGreaterThan(1.7e9);
        assertThat(m.get("process_cpu_seconds_total").type()).isEqualTo(MetricType.COUNTER);
        assertThat(value(m.get("process_open_fds"))).isPositive();
        assertThat(value(m.get("process_max_fds"))).isGreaterThanOrEqualTo(value(m.get("process_open_fds")));
    }

    @Test
    void processMetricsSkipMemoryWithoutProcOrAPageSize(@TempDir Path dir) throws Exception {
        Map<String, MetricFamily> m = byName(new ProcessCollector(dir.resolve("absent"), 4096).collect());
        assertThat(m).doesNotContainKeys("process_virtual_memory_bytes", "process_resident_memory_bytes");
        assertThat(m).containsKey("process_start_time_seconds");
        Path statm = dir.resolve("statm");
        Files.writeString(statm, "512 128 30 1 0 200 0\n");
        assertThat(byName(new ProcessCollector(statm, 0).collect())).doesNotContainKey("process_resident_memory_bytes");
    }

    @Test
    void thePageSizeIsTheAuxiliaryVectorsEntry(@TempDir Path dir) throws Exception {
        ByteBuffer auxv = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        auxv.putLong(33).putLong(0x7fff0000L).putLong(6).putLong(65536).putLong(0).putLong(0);
        Path file = dir.resolve("auxv");
        Files.write(file, auxv.array());
        assertThat(ProcessCollector.pageSize(file)).isEqualTo(65536);
        Files.write(file, new byte[] {1, 2, 3});
        assertThat(ProcessCollector.pageSize(file)).isZero();
        assertThat(ProcessCollector.pageSize(dir.resolve("absent"))).isZero();
    }

    @Test
    void realProcOnLinuxAgreesWithStatus() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return; // Other platforms have no /proc; the skip is covered above.
        }
        Map<String, MetricFamily> m = byName(new ProcessCollector().collect());
        double resident = value(m.get("process_resident_memory_bytes"));
        assertThat(resident).isGreaterThan(1 << 20);
        // The same count as status' VmRSS, read a moment apart: within a few MiB of it.
        long vmRssKb = Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
        assertThat(resident).isCloseTo(vmRssKb * 1024.0, within(8.0 * (1 << 20)));
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
