package io.ferry.exposition;

import io.ferry.model.MetricFamily;

/**
 * Renders metric families in one exposition format.
 *
 * <p>Contract: writes the families and their metrics in the order given, appending to a
 * {@link ByteSink}; never fails on a valid model. Writers are stateless and thread-safe.
 */
public interface ExpositionWriter {

    /** The Content-Type header value for this writer's output. */
    String contentType();

    void write(Iterable<MetricFamily> families, ByteSink out);

    default byte[] toBytes(Iterable<MetricFamily> families) {
        ByteSink sink = new ByteSink(8192);
        write(families, sink);
        return sink.toByteArray();
    }
}
