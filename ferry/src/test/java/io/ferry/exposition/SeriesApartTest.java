package io.ferry.exposition;

import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A text writer's header and the lines of a family's series cut into lists, put end to end, are the
 * family as {@link ExpositionWriter#writeFamily} writes it: what lets {@code /metrics} keep each
 * group's lines apart.
 */
class SeriesApartTest {
    private static final int CASES = 1500;

    @Test
    void prometheusTextWritesAFamilyAsItsHeaderAndItsSeriesInAnyCut() {
        headerThenSeries(false, PrometheusTextWriter.INSTANCE);
    }

    @Test
    void openMetricsWritesAFamilyAsItsHeaderAndItsSeriesInAnyCut() {
        headerThenSeries(true, OpenMetricsWriter.INSTANCE);
    }

    @Test
    void protobufWritesEachFamilyWhole() {
        assertThat(ProtobufWriter.INSTANCE.writesSeriesApart()).isFalse();
        MetricFamily empty = new MetricFamily("f", io.ferry.model.MetricType.GAUGE, null, null, List.of());
        assertThatThrownBy(() -> ProtobufWriter.INSTANCE.writeSeries(empty, List.of(), new ByteSink(16)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static void headerThenSeries(boolean openMetrics, ExpositionWriter writer) {
        assertThat(writer.writesSeriesApart()).isTrue();
        int cut = 0;
        for (int seed = 0; seed < CASES; seed++) {
            for (MetricFamily f : new RandomFamilies(seed, openMetrics).families()) {
                if (f.metrics().isEmpty()) {
                    continue;
                }
                ByteSink whole = new ByteSink(256);
                writer.writeFamily(f, whole);
                ByteSink apart = new ByteSink(256);
                writer.writeHeader(f, apart);
                List<Metric> series = f.metrics();
                int from = 0;
                while (from < series.size()) { // cut where the seed says: one list, or many
                    int to = Math.min(series.size(), from + 1 + (seed + from) % 3);
                    writer.writeSeries(f, series.subList(from, to), apart);
                    from = to;
                    cut++;
                }
                assertThat(new String(apart.toByteArray(), StandardCharsets.UTF_8)).as("seed %d", seed)
                        .isEqualTo(new String(whole.toByteArray(), StandardCharsets.UTF_8));
            }
        }
        assertThat(cut).as("families cut into lists").isGreaterThan(CASES);
    }
}
