package io.ferry.statsd.line;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.telemetry.DefaultRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParseStatsTest {

    @Test
    void exposesEveryCounterWithEveryReason() {
        DefaultRegistry registry = new DefaultRegistry();
        ParseStats stats = new ParseStats();
        stats.registerOn(registry);
        byte[] packet = "a:1|c|#k:v,bad\nb:x|c\nc\n".getBytes(StandardCharsets.UTF_8);
        new LineParser(TagStyles.ALL, stats).parsePacket(packet, 0, packet.length, e -> { });

        List<MetricFamily> families = registry.collect();
        assertThat(value(families, "ferry_statsd_lines_total", Labels.EMPTY)).isEqualTo(4);
        assertThat(value(families, "ferry_statsd_samples_total", Labels.EMPTY)).isEqualTo(2);
        assertThat(value(families, "ferry_statsd_tags_total", Labels.EMPTY)).isEqualTo(1);
        assertThat(value(families, "ferry_statsd_tag_errors_total", Labels.EMPTY)).isEqualTo(1);
        assertThat(value(families, "ferry_statsd_sample_errors_total", Labels.of("reason", "malformed_value"))).isEqualTo(1);
        assertThat(value(families, "ferry_statsd_sample_errors_total", Labels.of("reason", "malformed_line"))).isEqualTo(1);
        MetricFamily errors = families.stream().filter(f -> f.name().equals("ferry_statsd_sample_errors_total")).findFirst()
                .orElseThrow();
        assertThat(errors.metrics()).hasSize(SampleError.values().length);
        assertThat(errors.help()).isNotBlank();
    }

    private static double value(List<MetricFamily> families, String name, Labels labels) {
        return families.stream().filter(f -> f.name().equals(name)).flatMap(f -> f.metrics().stream())
                .map(ValueMetric.class::cast).filter(m -> m.labels().equals(labels)).findFirst().orElseThrow().value();
    }
}
