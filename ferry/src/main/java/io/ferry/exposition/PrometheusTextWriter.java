package io.ferry.exposition;

import io.ferry.model.MetricFamily;

public final class PrometheusTextWriter implements ExpositionWriter {
    public static final PrometheusTextWriter INSTANCE = new PrometheusTextWriter();

    @Override
    public String contentType() {
        return ExpositionFormat.PROTOBUF.contentType();
    }

    @Override
    public void write(Iterable<MetricFamily> families, ByteSink out) {
        throw new UnsupportedOperationException();
    }
}
