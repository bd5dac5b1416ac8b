package io.ferry.exposition;

import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;

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
