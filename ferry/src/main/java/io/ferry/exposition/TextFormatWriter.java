package io.ferry.exposition;

import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;

import java.util.List;

/**
 * A text format's writer: a family with series is its header lines followed by each series' lines,
 * which depend on the series and the family's name and type alone ({@link #writesSeriesApart}).
 * Families without series are skipped.
 */
abstract class TextFormatWriter implements ExpositionWriter {

    @Override
    public final void writeFamily(MetricFamily family, ByteSink out) {
        if (!family.metrics().isEmpty()) {
            writeHeader(family, out);
            writeSeries(family, family.metrics(), out);
        }
    }

    @Override
    public final boolean writesSeriesApart() {
        return true;
    }

    @Override
    public abstract void writeHeader(MetricFamily family, ByteSink out);

    @Override
    public abstract void writeSeries(MetricFamily family, List<Metric> series, ByteSink out);
}
