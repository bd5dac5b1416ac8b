package io.ferry.exposition;

import io.ferry.model.MetricFamily;

public final class ProtobufWriter implements ExpositionWriter {
    public static final ProtobufWriter INSTANCE = new ProtobufWriter();

    @Override
    public String contentType() {
        return ExpositionFormat.PROTOBUF.contentType();
    }

    @Override
    public void write(Iterable<MetricFamily> families, ByteSink out) {
        throw new UnsupportedOperationException();
    }
}
