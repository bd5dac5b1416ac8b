package io.ferry.exposition;

import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;

import java.util.List;

/**
 * Renders metric families in one exposition format.
 *
 * <p>Contract: writes the families and their metrics in the order given, appending to a
 * {@link ByteSink}; never fails on a valid model. Writers are stateless and thread-safe.
 */
public interface ExpositionWriter {

    /** The Content-Type header value for this writer's output. */
    String contentType();

    /**
     * Writes one family as {@link #write} writes it among others, so that a body can be written a
     * family at a time (and sent in pieces).
     */
    void writeFamily(MetricFamily family, ByteSink out);

    /**
     * Whether {@link #writeFamily} writes a family with series as {@link #writeHeader} followed by
     * {@link #writeSeries}, each series' lines depending only on it and the family's name and type: then
     * a family whose series are several lists put end to end can be written as its header and each
     * list's lines, rendered apart and kept. False where a family is one framed message (protobuf).
     */
    default boolean writesSeriesApart() {
        return false;
    }

    /** The lines {@link #writeFamily} writes before a family's series. Only where {@link #writesSeriesApart}. */
    default void writeHeader(MetricFamily family, ByteSink out) {
        throw new UnsupportedOperationException("this format writes a family whole");
    }

    /**
     * The lines of {@code series}, some or all of {@code family}'s, as {@link #writeFamily} writes them
     * in that family. Only where {@link #writesSeriesApart}.
     */
    default void writeSeries(MetricFamily family, List<Metric> series, ByteSink out) {
        throw new UnsupportedOperationException("this format writes a family whole");
    }

    /** Writes what ends a body after its families: OpenMetrics' {@code # EOF}; nothing for the others. */
    default void finish(ByteSink out) {
    }

    /** Writes a whole body: each family, then {@link #finish}. */
    default void write(Iterable<MetricFamily> families, ByteSink out) {
        for (MetricFamily f : families) {
            writeFamily(f, out);
        }
        finish(out);
    }

    default byte[] toBytes(Iterable<MetricFamily> families) {
        ByteSink sink = new ByteSink(8192);
        write(families, sink);
        return sink.toByteArray();
    }
}
