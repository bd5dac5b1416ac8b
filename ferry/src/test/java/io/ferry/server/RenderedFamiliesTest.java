package io.ferry.server;

import io.ferry.exposition.ExpositionWriter;
import io.ferry.exposition.PrometheusTextWriter;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.wire.ByteSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedFamiliesTest {
    private static final int FAMILY_BYTES = 300 * 1024;

    /** Writes each family as {@value #FAMILY_BYTES} bytes, and ends a body with a short line. */
    private static final ExpositionWriter LARGE = new ExpositionWriter() {
        @Override
        public String contentType() {
            return "not/used";
        }

        @Override
        public void writeFamily(MetricFamily family, ByteSink out) {
            for (int i = 0; i < FAMILY_BYTES; i++) {
                out.write('x');
            }
        }

        @Override
        public void finish(ByteSink out) {
            out.writeAscii("# EOF\n");
        }
    };

    private static MetricFamily family(String name) {
        return new MetricFamily(name, MetricType.GAUGE, null, null, List.of());
    }

    @Test
    void theScratchOfBothHalvesOfABodyIsKeptForTheNextOneNotThatOfItsEnding() {
        // As MetricsBody renders a large body: two rounds of families at once, then a round for the
        // ending, closed first. The next body's halves should find sinks already grown.
        for (boolean gzip : new boolean[] {false, true}) {
            RenderedFamilies memory = new RenderedFamilies(LARGE, gzip);
            try (RenderedFamilies.Round first = memory.round(); RenderedFamilies.Round second = memory.round()) {
                first.write(family("a"));
                second.write(family("b"));
                try (RenderedFamilies.Round ending = memory.round()) {
                    assertThat(ending.end()).isNotEmpty();
                }
                memory.keep(first, second);
            }
            assertThat(memory.spareScratchCapacities()).as("gzip %s", gzip)
                    .hasSize(2).allSatisfy(capacity -> assertThat(capacity).isGreaterThanOrEqualTo(FAMILY_BYTES));
        }
    }

    @Test
    void aLargeFamilysScratchIsMadeAtTheSizeItsSeriesCallForNotDoubledUpToIt() {
        List<Metric> series = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            series.add(ValueMetric.of(Labels.of("instance", "i" + i, "job", "j"), i));
        }
        RenderedFamilies memory = new RenderedFamilies(PrometheusTextWriter.INSTANCE, false);
        try (RenderedFamilies.Round round = memory.round()) {
            byte[] rendered = round.write(new MetricFamily("m", MetricType.GAUGE, null, null, series));
            assertThat(rendered.length).isLessThan(10_000 * 64);
        }
        assertThat(memory.spareScratchCapacities()).containsExactly(10_000 * 64);
    }
}
