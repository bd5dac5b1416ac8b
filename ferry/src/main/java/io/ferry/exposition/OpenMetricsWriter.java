package io.ferry.exposition;

import io.ferry.model.MetricFamily;

public final class OpenMetricsWriter implements ExpositionWriter {
    public static final OpenMetricsWriter INSTANCE = new OpenMetricsWriter();

    @Override
    public String contentType() {
        return ExpositionFormat.PROTOBUF.contentType();
    }

    @Override
    public void write(Iterable<MetricFamily> families, ByteSink out) {
        throw new UnsupportedOperationException();
    }
}
