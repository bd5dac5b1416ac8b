package io.ferry.exposition;

import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.StaleNaN;
import io.ferry.model.ValueMetric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored family (kept as columns, or a merge of such) is written from its columns without building
 * its series ({@link MetricFamily#forEachPlain}): the bytes must be those of the same family as objects.
 */
class ColumnsWrittenTest {
    private static final String CHARS = "abz09 _-./:\\\"\n\t{}=,#\u00e9\u4e16\u0000";
    private static final double[] VALUES = {0, -0.0, 1.5, -2e-300, 1e21, 123456789, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, StaleNaN.VALUE};

    @Test
    void textAndOpenMetricsWriteColumnsAsTheyWriteTheSeries() {
        Random random = new Random(5);
        List<MetricType> types = List.of(MetricType.COUNTER, MetricType.GAUGE, MetricType.UNKNOWN, MetricType.INFO);
        for (int round = 0; round < 400; round++) {
            MetricType type = types.get(random.nextInt(types.size()));
            String name = "family_" + round + (type == MetricType.COUNTER && random.nextBoolean() ? "_total" : "")
                    + (type == MetricType.INFO && random.nextBoolean() ? "_info" : "");
            String[] names = random.nextInt(5) == 0 ? new String[0] : new String[]{"instance", "job", "kind"};
            List<Metric> series = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                String[] pairs = new String[names.length * 2];
                for (int n = 0; n < names.length; n++) {
                    pairs[2 * n] = names[n];
                    pairs[2 * n + 1] = random.nextInt(4) == 0 ? "" : string(random, i);
                }
                series.add(ValueMetric.of(Labels.of(pairs), VALUES[random.nextInt(VALUES.length)]));
                if (names.length == 0) {
                    break; // one series without labels
                }
            }
            MetricFamily objects = new MetricFamily(name, type, random.nextBoolean() ? "Help." : null, null, series);
            MetricFamily columns = objects.compacted();
            assertThat(columns.forEachPlain((n, v, f, x) -> { })).as("kept as columns").isTrue();
            int half = series.size() / 2;
            MetricFamily merged = objects.withSeriesOf(List.of(
                    objects.withMetrics(series.subList(half, series.size())).compacted(),
                    objects.withMetrics(series.subList(0, half)).compacted()), MetricFamily.SERIES_ORDER);
            MetricFamily mergedObjects = objects.withMetrics(merged.metrics().stream().toList());
            for (ExpositionFormat format : List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS)) {
                ExpositionWriter writer = format.writer();
                assertThat(new String(writer.toBytes(List.of(columns))))
                        .as("%s %s", format, series).isEqualTo(new String(writer.toBytes(List.of(objects))));
                assertThat(new String(writer.toBytes(List.of(merged))))
                        .as("%s merged %s", format, series).isEqualTo(new String(writer.toBytes(List.of(mergedObjects))));
            }
        }
    }

    private static String string(Random random, int i) {
        StringBuilder b = new StringBuilder().append(i);
        for (int n = random.nextInt(8); n > 0; n--) {
            b.append(CHARS.charAt(random.nextInt(CHARS.length())));
        }
        return b.toString();
    }
}
