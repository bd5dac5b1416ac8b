package io.ferry.server;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.wire.ByteSink;
import io.ferry.wire.GzipPieces;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A family's text deflated in chunks: what a group pushed again, added or deleted costs the next gzipped body. */
class DeflatedTextTest {
    private final RenderedText texts = new RenderedText(ExpositionFormat.PROMETHEUS_TEXT.writer());
    private final DeflatedText deflated = new DeflatedText();
    private final CountingDeflater deflater = new CountingDeflater();

    /** Counts what it deflates: each piece starts with a reset. */
    private static final class CountingDeflater extends Deflater {
        int pieces;

        CountingDeflater() {
            super(Deflater.BEST_SPEED, true);
        }

        @Override
        public void reset() {
            pieces++;
            super.reset();
        }
    }

    @Test
    void aGroupPushedAgainAddedOrDeletedIsDeflatedAgainInTheChunksAroundItAlone() throws IOException {
        List<MetricFamily> groups = new ArrayList<>();
        for (int g = 0; g < 400; g++) { // about 1.2 KB of lines each: several chunks
            groups.add(group(String.format("g%05d", g), 0));
        }
        int first = deflatedPieces(groups);
        assertThat(first).as("the header and at least three chunks").isGreaterThanOrEqualTo(4);

        assertThat(deflatedPieces(groups)).as("nothing changed: the header alone").isEqualTo(1);
        groups.set(200, group("g00200", 1));
        assertThat(deflatedPieces(groups)).as("pushed again").isBetween(2, 3);
        groups.add(100, group("g00099a", 0)); // sorts between the 100th and the 101st
        assertThat(deflatedPieces(groups)).as("added").isBetween(2, 3);
        groups.remove(300);
        assertThat(deflatedPieces(groups)).as("deleted").isBetween(2, 3);
    }

    /** Deflates the groups' merged family after the last call's; checks it decodes to the text; returns the pieces it deflated. */
    private int deflatedPieces(List<MetricFamily> groups) throws IOException {
        MetricFamily family = groups.getFirst().withSeriesOf(List.copyOf(groups), MetricFamily.SERIES_ORDER);
        assertThat(family.endToEnd()).as("the groups in order").isNotNull();
        RenderedText.Use textUse = texts.use();
        RenderedText.Text text = textUse.text(family, family.endToEnd(), new ByteSink(1024));
        texts.keep(textUse);
        DeflatedText.Use use = deflated.use();
        deflater.pieces = 0;
        GzipPieces.Piece piece = use.deflate(text, deflater);
        deflated.keep(use);

        GzipPieces.Sum sum = new GzipPieces.Sum();
        sum.add(piece);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        gzipped.write(GzipPieces.HEADER);
        gzipped.write(piece.deflated());
        gzipped.write(sum.trailer());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(List.of(family)));
        }
        return deflater.pieces;
    }

    /** Group {@code id}'s family: 20 series in order, labelled by the group. */
    private static MetricFamily group(String id, int round) {
        List<Metric> series = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            series.add(ValueMetric.of(Labels.of("group", id, "kind", "k" + (10 + k)), k + round));
        }
        return new MetricFamily("jobs_done", MetricType.GAUGE, "Jobs.", null, series).compacted();
    }
}
