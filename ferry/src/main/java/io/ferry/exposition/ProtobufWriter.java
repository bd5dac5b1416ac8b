package io.ferry.exposition;

import io.ferry.exposition.internal.ClientModelEncoder;
import io.ferry.model.MetricFamily;
import io.ferry.wire.ByteSink;

/**
 * Writes the client_model protobuf exposition: each family as an
 * {@code io.prometheus.client.MetricFamily} message prefixed by its length as a varint.
 *
 * <pre>{@code
 * byte[] body = ProtobufWriter.INSTANCE.toBytes(families);
 * response.putHeader("Content-Type", ProtobufWriter.INSTANCE.contentType());
 * }</pre>
 *
 * <p>The only format that carries native histograms. Types protobuf lacks are written as their
 * nearest (info and stateset as gauge, unknown as untyped); see {@code docs/formats.md}, section
 * Protobuf. The output is byte-for-byte what the generated client_model classes would encode.
 */
public final class ProtobufWriter implements ExpositionWriter {
    public static final ProtobufWriter INSTANCE = new ProtobufWriter();

    @Override
    public String contentType() {
        return ExpositionFormat.PROTOBUF.contentType();
    }

    @Override
    public void writeFamily(MetricFamily family, ByteSink out) {
        new ClientModelEncoder(out).writeDelimited(family);
    }
}
