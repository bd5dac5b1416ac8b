package io.ferry.exposition;

import io.ferry.model.MetricFamily;
import io.ferry.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The text writer's output passes Prometheus' own checker, {@code promtool check metrics}. */
class PrometheusTextWriterPromtoolIT {

    @Test
    void theDocumentationExampleRewrittenIsClean(@TempDir Path dir) throws Exception {
        Promtool.requireAvailable();
        List<MetricFamily> families = PrometheusTextParserTest.parse(PrometheusTextParserTest.DOC_EXAMPLE);
        Promtool.Result r = check(dir, families);
        // The example itself has no HELP on some families, which promtool lints (exit 3), but it must parse.
        assertThat(r.exitCode()).as(r.output()).isIn(0, 3);
        assertThat(r.output()).doesNotContain("error");
    }

    @Test
    void randomFamiliesOfEveryTypeParseInPromtool(@TempDir Path dir) throws Exception {
        Promtool.requireAvailable();
        List<MetricFamily> all = new ArrayList<>();
        for (int seed = 0; seed < 200; seed++) {
            // Distinct names per seed: promtool rejects one family name appearing twice.
            for (MetricFamily f : new RandomFamilies(seed, false).families()) {
                all.add(new MetricFamily("s" + seed + "_" + f.name(), f.type(), f.help(), f.unit(), f.metrics()));
            }
        }
        Promtool.Result r = check(dir, all);
        assertThat(r.exitCode()).as(r.output()).isIn(0, 3);
        assertThat(r.output()).doesNotContain("error while linting").doesNotContain("parsing error");
    }

    private static Promtool.Result check(Path dir, List<MetricFamily> families) throws Exception {
        Path file = dir.resolve("metrics.txt");
        Files.write(file, PrometheusTextWriter.INSTANCE.toBytes(families));
        return Promtool.checkMetrics(file);
    }
}
